import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderFlowTestSupport
import Testing

@Suite("R2.4 review API")
struct ReviewAPITests {
    func createPending(_ client: any TestClientProtocol) async throws -> String {
        let response = try await client.execute(
            uri: "/api/v1/orders", method: .post, headers: APITest.auth,
            body: try APITest.bytes(APITest.orderBody(quantity: 20)))
        let order = try APITest.object(response.body)
        #expect(order["status"] as? String == "pendingReview")
        return try #require(order["number"] as? String)
    }

    @Test("queue, If-Match, approve, then a second decision is a conflict", arguments: TestEngine.available)
    func approveFlow(engine: TestEngine) async throws {
        try await APITest.run(engine) { client, _ in
            let number = try await createPending(client)
            let queue = try APITest.object(
                try await client.execute(uri: "/api/v1/review-queue", method: .get, headers: APITest.auth).body)
            let items = queue["items"] as? [[String: Any]] ?? []
            #expect(items.map { $0["number"] as? String } == [number])
            let reasons = items.first?["reviewReasons"] as? [[String: Any]] ?? []
            #expect(reasons.map { $0["code"] as? String } == ["amount.atOrAboveThreshold"])

            var stale = APITest.auth
            stale[.ifMatch] = "\"v9\""
            try await client.execute(uri: "/api/v1/orders/\(number)/approve", method: .post, headers: stale) {
                (response) async throws in
                #expect(response.status == .preconditionFailed)
                #expect(response.headers[.eTag] == "\"v1\"")
            }
            var fresh = APITest.auth
            fresh[.ifMatch] = "\"v1\""
            try await client.execute(
                uri: "/api/v1/orders/\(number)/approve", method: .post, headers: fresh,
                body: ByteBuffer(string: "{\"reason\":\"已电话核实\"}")
            ) { (response) async throws in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"v2\"")
                #expect(try APITest.object(response.body)["status"] as? String == "confirmed")
            }
            try await client.execute(
                uri: "/api/v1/orders/\(number)/reject", method: .post, headers: APITest.auth,
                body: ByteBuffer(string: "{\"reason\":\"重复\"}")
            ) { (response) async throws in
                #expect(response.status == .conflict)
                #expect(try APITest.object(response.body)["code"] as? String == "order.notPendingReview")
            }
        }
    }

    @Test("a rejection needs a reason")
    func rejectNeedsReason() async throws {
        try await APITest.run { client, _ in
            let number = try await createPending(client)
            try await client.execute(
                uri: "/api/v1/orders/\(number)/reject", method: .post, headers: APITest.auth,
                body: ByteBuffer(string: "{}")
            ) { (response) async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try APITest.problemCodes(response.body) == ["reason:required"])
            }
            try await client.execute(
                uri: "/api/v1/orders/\(number)/reject", method: .post, headers: APITest.auth,
                body: ByteBuffer(string: "{\"reason\":\"客户无法联系\"}")
            ) { (response) async throws in
                #expect(response.status == .ok)
                #expect(try APITest.object(response.body)["status"] as? String == "rejected")
            }
        }
    }

    @Test("the review policy can be read and replaced; bad values are 422")
    func policy() async throws {
        try await APITest.run { client, _ in
            let policy = try APITest.object(
                try await client.execute(uri: "/api/v1/review-policy", method: .get, headers: APITest.auth).body)
            #expect(policy["amountThreshold"] as? Int == 200_000)
            let update: [String: Any] = [
                "amountThreshold": NSNull(), "reviewKeyCustomers": false, "reviewPriceOverrides": true,
                "duplicateWindowDays": 3, "blockedPhones": ["138-1234-5678"],
            ]
            try await client.execute(
                uri: "/api/v1/review-policy", method: .put, headers: APITest.auth, body: try APITest.bytes(update)
            ) {
                (response) async throws in
                #expect(response.status == .ok)
                let saved = try APITest.object(response.body)
                #expect(saved["blockedPhones"] as? [String] == ["13812345678"])
                #expect(saved["amountThreshold"] == nil || saved["amountThreshold"] is NSNull)
            }
            var bad = update
            bad["duplicateWindowDays"] = 0
            try await client.execute(
                uri: "/api/v1/review-policy", method: .put, headers: APITest.auth, body: try APITest.bytes(bad)
            ) {
                (response) async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try APITest.problemCodes(response.body) == ["duplicateWindowDays:policy.duplicateWindowRange"])
            }
        }
    }
}

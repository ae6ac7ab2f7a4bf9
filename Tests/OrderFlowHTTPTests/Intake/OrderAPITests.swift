import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderFlowHTTP
import OrderFlowTestSupport
import Testing

@Suite("Orders API")
struct OrderAPITests {
    @Test("R2.1 create answers 201 with ETag and Location; the order reads back", arguments: TestEngine.available)
    func createAndRead(engine: TestEngine) async throws {
        try await APITest.run(engine) { client, _ in
            let created = try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: APITest.auth,
                body: try APITest.bytes(APITest.orderBody()))
            #expect(created.status == .created)
            #expect(created.headers[.eTag] == "\"v1\"")
            let order = try APITest.object(created.body)
            let id = try #require(order["id"] as? String)
            #expect(created.headers[.location] == "/api/v1/orders/\(id)")
            #expect(order["status"] as? String == "confirmed")
            #expect(order["statusLabel"] as? String == "已确认")
            #expect(order["total"] as? Int == 12_800)
            #expect(order["number"] as? String == "SH01-20261201-0001")

            var headers = APITest.auth
            headers[.acceptLanguage] = "en-GB,en;q=0.9"
            try await client.execute(uri: "/api/v1/orders/SH01-20261201-0001", method: .get, headers: headers) {
                (response) async throws in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"v1\"")
                let read = try APITest.object(response.body)
                #expect(read["id"] as? String == id)
                #expect(read["statusLabel"] as? String == "Confirmed")
            }
            try await client.execute(uri: "/api/v1/orders/\(id)/timeline", method: .get, headers: headers) {
                (response) async throws in
                let timeline = try APITest.object(response.body)
                #expect(timeline["intact"] as? Bool == true)
                let entries = timeline["entries"] as? [[String: Any]] ?? []
                #expect(entries.map { $0["type"] as? String } == ["order.received", "order.autoConfirmed"])
                #expect(entries.first?["label"] as? String == "Order received")
            }
            try await client.execute(uri: "/api/v1/orders/SH01-20991231-0001", method: .get, headers: APITest.auth) {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test("R2.3 every problem comes back at once, in the caller's language")
    func validationErrors() async throws {
        try await APITest.run { client, _ in
            var headers = APITest.auth
            headers[.acceptLanguage] = "en"
            try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: headers, body: ByteBuffer(string: "{}")
            ) {
                (response) async throws in
                #expect(response.status == .unprocessableContent)
                let problem = try APITest.object(response.body)
                let errors = problem["errors"] as? [[String: Any]] ?? []
                #expect(errors.count >= 8)
                #expect(
                    errors.contains {
                        $0["field"] as? String == "customer.phone" && $0["message"] as? String == "Phone is required"
                    })
            }
            var body = APITest.orderBody()
            body["total"] = 12_799
            try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: APITest.auth, body: try APITest.bytes(body)
            ) {
                (response) async throws in
                #expect(response.status == .unprocessableContent)
                let errors = try APITest.object(response.body)["errors"] as? [[String: Any]] ?? []
                #expect(errors.first?["code"] as? String == "total.mismatch")
                #expect((errors.first?["message"] as? String)?.contains("¥128.00") == true)
            }
        }
    }

    @Test("an Idempotency-Key replays the first answer; reused for another body it is 422")
    func idempotencyKey() async throws {
        try await APITest.run { client, _ in
            var headers = APITest.auth
            headers[HTTPField.Name("Idempotency-Key")!] = "abc-123"
            let first = try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: headers, body: try APITest.bytes(APITest.orderBody()))
            let second = try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: headers, body: try APITest.bytes(APITest.orderBody()))
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try APITest.object(first.body)["id"] as? String == APITest.object(second.body)["id"] as? String)
            let other = try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: headers,
                body: try APITest.bytes(APITest.orderBody(phone: "13900000000")))
            #expect(other.status == .unprocessableContent)
            #expect(try APITest.problemCodes(other.body) == ["Idempotency-Key:idempotency.keyReused"])
        }
    }

    @Test("list filters by phone and status and pages with a cursor; bad filters are 422")
    func listing() async throws {
        try await APITest.run { client, _ in
            for index in 0..<5 {
                let phone = index < 3 ? "1390000000\(index)" : "13812345678"
                _ = try await client.execute(
                    uri: "/api/v1/orders", method: .post, headers: APITest.auth,
                    body: try APITest.bytes(APITest.orderBody(phone: phone)))
            }
            var numbers: [String] = []
            var cursor: String?
            repeat {
                let uri = "/api/v1/orders?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try APITest.object(
                    try await client.execute(uri: uri, method: .get, headers: APITest.auth).body)
                numbers += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["number"] as? String }
                cursor = page["nextCursor"] as? String
            } while cursor != nil
            #expect(numbers == (1...5).reversed().map { "SH01-20261201-000\($0)" })

            let byPhone = try await client.execute(
                uri: "/api/v1/orders?phone=138%201234%205678", method: .get, headers: APITest.auth)
            #expect((try APITest.object(byPhone.body)["items"] as? [Any])?.count == 2)
            let pending = try await client.execute(
                uri: "/api/v1/orders?status=pendingReview", method: .get, headers: APITest.auth)
            // The second order of 13812345678 is a possible duplicate of the first.
            #expect((try APITest.object(pending.body)["items"] as? [Any])?.count == 1)

            for bad in ["limit=0", "limit=500", "cursor=nonsense", "phone=123"] {
                try await client.execute(uri: "/api/v1/orders?\(bad)", method: .get, headers: APITest.auth) {
                    (response) async throws in
                    #expect(response.status == .unprocessableContent, "\(bad)")
                }
            }
            try await client.execute(uri: "/api/v1/orders?status=lost", method: .get, headers: APITest.auth) {
                (response) async throws in
                #expect(response.status.code / 100 == 4, "unknown status filter")
            }
        }
    }
}

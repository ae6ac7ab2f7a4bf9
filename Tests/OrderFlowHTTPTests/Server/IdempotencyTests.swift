import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderFlowApp
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowHTTP

/// B6: every creating POST takes an `Idempotency-Key`.
@Suite("Idempotency keys on every creating request")
struct IdempotencyTests {
    static let key = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    @Test(
        "a problem case sent twice with one key is one case; the key on another body is 422",
        arguments: TestEngine.available)
    func problemCaseOnce(engine: TestEngine) async throws {
        try await APITest.run(engine) { client, database in
            let order = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/orders", method: .post, headers: APITest.auth,
                    body: try APITest.bytes(APITest.orderBody())
                ).body)
            let number = try #require(order["number"] as? String)
            var headers = APITest.auth
            headers[Self.key] = "case-7f3a"
            let body = try APITest.bytes(["kind": "complaint", "description": "客户投诉电话无人接听"])
            let first = try await client.execute(
                uri: "/api/v1/orders/\(number)/problem-cases", method: .post, headers: headers, body: body)
            let second = try await client.execute(
                uri: "/api/v1/orders/\(number)/problem-cases", method: .post, headers: headers, body: body)
            #expect(first.status == .created && second.status == .created)
            #expect(second.headers[Self.replayed] == "true")
            #expect(first.headers[.eTag] == second.headers[.eTag])
            #expect(try APITest.object(first.body)["id"] as? String == APITest.object(second.body)["id"] as? String)
            let listed = try APITest.object(
                try await client.execute(uri: "/api/v1/problem-cases?state=all", method: .get, headers: APITest.auth)
                    .body)
            #expect((listed["items"] as? [Any])?.count == 1)
            let other = try await client.execute(
                uri: "/api/v1/orders/\(number)/problem-cases", method: .post, headers: headers,
                body: try APITest.bytes(["kind": "other", "description": "另一件事"]))
            #expect(other.status == .unprocessableContent)
            #expect(try APITest.problemCodes(other.body) == ["Idempotency-Key:idempotency.keyReused"])
            // Keys belong to the caller: another integration's same key is its own.
            let otherToken = try await APITest.headers(for: APITest.defaultGrants, on: database)
            var theirs = otherToken
            theirs[Self.key] = "case-7f3a"
            let separate = try await client.execute(
                uri: "/api/v1/orders/\(number)/problem-cases", method: .post, headers: theirs, body: body)
            #expect(separate.status == .created && separate.headers[Self.replayed] == nil)
        }
    }

    @Test("a twin sent while the first is still being answered gets a 409; a refused request frees its key")
    func inFlightAndRefused() async throws {
        try await APITest.run { client, database in
            let number = try #require(
                try APITest.object(
                    try await client.execute(
                        uri: "/api/v1/orders", method: .post, headers: APITest.auth,
                        body: try APITest.bytes(APITest.orderBody())
                    ).body)["number"] as? String)
            // The first request under this key is being answered right now (by another instance).
            let scope = "integration:token:\(APIToken.prefix(of: APITest.token))"
            let body = try APITest.bytes(["kind": "complaint", "description": "同时发送两次"])
            let taken = try await RequestReplayService(database: database, environment: .at(Fixtures.tickingClock()))
                .start(scope: scope, key: "twin-1", operation: "openProblemCase", requestHash: "first")
            #expect(taken == .proceed)
            var headers = APITest.auth
            headers[Self.key] = "twin-1"
            let twin = try await client.execute(
                uri: "/api/v1/orders/\(number)/problem-cases", method: .post, headers: headers, body: body)
            // Not the same body as the first: refused as a reused key.
            #expect(twin.status == .unprocessableContent)
            // The very same request while the first is unanswered: 409, try again shortly.
            let path = "/api/v1/orders/\(number)/problem-cases"
            let canonical = try #require(JSONValue.parse(Array(body.readableBytesView))).encoded(sortingKeys: true)
            let same = IdempotencyMiddleware.requestHash(operationID: "openProblemCase", path: path, body: canonical)
            let pending = try await RequestReplayService(database: database, environment: .at(Fixtures.tickingClock()))
                .start(scope: scope, key: "twin-2", operation: "openProblemCase", requestHash: same)
            #expect(pending == .proceed)
            headers[Self.key] = "twin-2"
            let inFlight = try await client.execute(uri: path, method: .post, headers: headers, body: body)
            #expect(inFlight.status == .conflict)
            #expect(try APITest.object(inFlight.body)["code"] as? String == "idempotency.inFlight")
            // A refused request keeps nothing under its key: corrected, it goes through.
            headers[Self.key] = "fix-me"
            let refused = try await client.execute(
                uri: "/api/v1/orders/\(number)/problem-cases", method: .post, headers: headers,
                body: try APITest.bytes(["kind": "complaint", "description": ""]))
            #expect(refused.status == .unprocessableContent)
            let fixed = try await client.execute(
                uri: "/api/v1/orders/\(number)/problem-cases", method: .post, headers: headers, body: body)
            #expect(fixed.status == .created && fixed.headers[Self.replayed] == nil)
        }
    }
}

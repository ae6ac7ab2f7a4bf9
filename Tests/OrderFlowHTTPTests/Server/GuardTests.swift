import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderFlowTestSupport
import Testing

@Suite("API gate: authentication, body limit, problem answers")
struct GuardTests {
    /// Every operation in openapi.yaml, read from the document itself, so a
    /// new endpoint is covered by the authentication test without editing it.
    static func operations() throws -> [(method: HTTPRequest.Method, path: String, operationID: String)] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/OrderFlowAPI/openapi.yaml")
        let lines = try String(contentsOf: url, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        var operations: [(HTTPRequest.Method, String, String)] = []
        var inPaths = false
        var path = ""
        var method: HTTPRequest.Method?
        for line in lines {
            if line == "paths:" {
                inPaths = true
                continue
            }
            if inPaths, !line.hasPrefix(" "), !line.isEmpty { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /") { path = String(line.dropFirst(2).dropLast()) }
            if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                method = HTTPRequest.Method(String(line.trimmingCharacters(in: .whitespaces).dropLast()).uppercased())
            }
            if line.contains("operationId:"), let method {
                let id = line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? ""
                let concrete = path.replacingOccurrences(of: "{orderRef}", with: "SH01-20261201-0001")
                    .replacingOccurrences(of: "{storeCode}", with: "SH01").replacingOccurrences(
                        of: "{platform}", with: "meituan")
                operations.append((method, "/api/v1" + concrete, id))
            }
        }
        return operations
    }

    @Test("the document lists every operation the server has")
    func documentParsed() throws {
        let ids = try Self.operations().map(\.operationID)
        #expect(Set(ids).count == ids.count)
        #expect(
            Set(ids) == [
                "createOrder", "listOrders", "getOrder", "getOrderTimeline", "approveOrder", "rejectOrder",
                "cancelOrder",
                "listReviewQueue", "getReviewPolicy", "updateReviewPolicy", "listStores", "getStore",
                "listServiceItems",
                "platformIntake",
            ])
    }

    @Test("every operation refuses a caller without a valid credential")
    func everyOperationNeedsCredentials() async throws {
        let operations = try Self.operations()
        try await APITest.run { client, _ in
            for operation in operations {
                for headers: HTTPFields in [
                    [.contentType: "application/json"],
                    [.contentType: "application/json", .authorization: "Bearer wrong-token-0123456789"],
                ] {
                    try await client.execute(
                        uri: operation.path, method: operation.method, headers: headers,
                        body: operation.method == .get ? nil : ByteBuffer(string: "{}")
                    ) { (response) async throws in
                        #expect(
                            response.status == .unauthorized, "\(operation.operationID) answered \(response.status)")
                        #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                    }
                }
            }
        }
    }

    @Test("health, readiness and the OpenAPI document need no token")
    func publicEndpoints() async throws {
        try await APITest.run { client, _ in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/ready", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/openapi.yaml", method: .get) { (response) async throws in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("openapi: \"3.1.0\""))
            }
        }
    }

    @Test("an unknown path is a problem+json 404")
    func unknownPath() async throws {
        try await APITest.run { client, _ in
            try await client.execute(uri: "/api/v1/no-such-thing", method: .get, headers: APITest.auth) {
                (response) async throws in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                #expect(try APITest.object(response.body)["status"] as? Int == 404)
            }
        }
    }

    @Test("a body over the limit is 413 and nothing is created")
    func bodyLimit() async throws {
        try await APITest.run { client, _ in
            var body = APITest.orderBody()
            body["notes"] = String(repeating: "x", count: 20_000)
            try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: APITest.auth, body: try APITest.bytes(body)
            ) {
                (response) async throws in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/api/v1/orders", method: .get, headers: APITest.auth) {
                (response) async throws in
                #expect((try APITest.object(response.body)["items"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test("malformed JSON is 400; wrong types and unknown enum values are 422 naming the field")
    func malformedBodies() async throws {
        try await APITest.run { client, _ in
            try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: APITest.auth,
                body: ByteBuffer(string: "{\"storeCode\": ")
            ) { (response) async throws in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            }
            var wrongType = APITest.orderBody()
            wrongType["lines"] = [["itemCode": "AC-CLEAN", "quantity": "two"]]
            try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: APITest.auth, body: try APITest.bytes(wrongType)
            ) { (response) async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try APITest.problemCodes(response.body) == ["lines[0].quantity:value.invalid"])
            }
            var unknownEnum = APITest.orderBody()
            unknownEnum["channel"] = "fax"
            try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: APITest.auth, body: try APITest.bytes(unknownEnum)
            ) { (response) async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try APITest.problemCodes(response.body) == ["channel:value.invalid"])
            }
            try await client.execute(
                uri: "/api/v1/orders", method: .post,
                headers: [.authorization: "Bearer \(APITest.token)", .contentType: "text/plain"],
                body: ByteBuffer(string: "hello")
            ) { (response) async throws in
                #expect(response.status == .badRequest)
            }
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderFlowCore
import OrderFlowHTTP
import OrderFlowTestSupport
import Testing

@Suite("API gate: authentication, body limit, problem answers")
struct GuardTests {
    @Test("every operation of the document has an access policy, and the policy names no other")
    func documentAndPolicyAgree() throws {
        let ids = try OpenAPIOperations.all().map(\.operationID)
        #expect(Set(ids).count == ids.count)
        #expect(Set(ids) == Set(OperationPolicy.actions.keys))
        #expect(ids.count >= 30)
        for operation in try OpenAPIOperations.all() {
            #expect(
                operation.declaredAction == OperationPolicy.actions[operation.operationID]?.rawValue,
                "\(operation.operationID): the document and the policy disagree")
        }
    }

    @Test("every operation refuses a caller without a valid credential")
    func everyOperationNeedsCredentials() async throws {
        let operations = try OpenAPIOperations.all()
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
                #expect(try APITest.problemCodes(response.body) == ["lines[0].quantity:value.type"])
            }
            var unknownEnum = APITest.orderBody()
            unknownEnum["channel"] = "fax"
            try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: APITest.auth, body: try APITest.bytes(unknownEnum)
            ) { (response) async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try APITest.problemCodes(response.body) == ["channel:value.notAllowed"])
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

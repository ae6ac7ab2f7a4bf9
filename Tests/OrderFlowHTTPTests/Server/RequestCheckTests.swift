import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderFlowHTTP
import OrderFlowTestSupport
import Testing

/// Requests are checked against openapi.yaml before the generated code reads
/// them: every wrong type comes back at once with the automatic check's
/// problems, field by field, in the caller's language; control characters
/// are refused everywhere, the same on both databases.
@Suite("Request checks against the served document")
struct RequestCheckTests {
    static func errors(_ buffer: ByteBuffer) throws -> [[String: Any]] {
        try APITest.object(buffer)["errors"] as? [[String: Any]] ?? []
    }

    @Test("R2.3 wrong types, unknown values and the automatic check's problems come back together")
    func typeErrorsWithTheCheck() async throws {
        try await APITest.run { client, _ in
            var body = APITest.orderBody()
            body["lines"] = [["itemCode": "AC-CLEAN", "specification": "1.5 匹挂机", "quantity": 1.5]]
            body["appointmentStart"] = "tomorrow morning"
            body["priority"] = "superurgent"
            var customer = body["customer"] as? [String: Any] ?? [:]
            customer["phone"] = "12"
            body["customer"] = customer
            var headers = APITest.auth
            headers[.acceptLanguage] = "zh-Hans"
            let response = try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: headers, body: try APITest.bytes(body))
            #expect(response.status == .unprocessableContent)
            let codes = Set(try APITest.problemCodes(response.body))
            #expect(codes.contains("lines[0].quantity:value.type"))
            #expect(codes.contains("appointmentStart:value.format"))
            #expect(codes.contains("priority:value.notAllowed"))
            // The automatic check ran on the rest: the phone is reported too…
            #expect(codes.contains("customer.phone:phone.format"))
            // …but a field that could not be read is not also "missing".
            #expect(!codes.contains("appointmentStart:required"))
            #expect(!codes.contains("lines[0].quantity:required"))
            let messages = try Self.errors(response.body).compactMap { $0["message"] as? String }
            #expect(messages.contains("应为整数"))
            #expect(messages.contains { $0.hasPrefix("不是可选的值，可选：normal、urgent") })
            // Never the decoder's English.
            #expect(!messages.contains { $0.contains("Cannot initialize") || $0.contains("Expected") })
        }
    }

    @Test("R2.3 a type error alone is a 422 naming the field, not 'not valid JSON'; broken JSON stays 400")
    func typeErrorAlone() async throws {
        try await APITest.run { client, _ in
            var headers = APITest.auth
            headers[.acceptLanguage] = "en"
            var body = APITest.orderBody()
            body["total"] = "128"
            let response = try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: headers, body: try APITest.bytes(body))
            #expect(response.status == .unprocessableContent)
            #expect(try APITest.problemCodes(response.body) == ["total:value.type"])
            #expect(try Self.errors(response.body).first?["message"] as? String == "Must be a whole number")
            let broken = try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: headers, body: ByteBuffer(string: "{\"storeCode\":"))
            #expect(broken.status == .badRequest)
        }
    }

    @Test("platform orders report type errors with the missing platform order id")
    func platformTypeErrors() async throws {
        try await APITest.run { client, _ in
            let body: [String: Any] = ["storeCode": "SH01", "total": 1.25, "priority": 7]
            let bytes = try APITest.bytes(body)
            var headers: HTTPFields = [:]
            headers[HTTPField.Name("X-OrderFlow-Signature")!] = PlatformSignature.sign(
                body: Array(bytes.readableBytesView), secret: APITest.platformSecret)
            let response = try await client.execute(
                uri: "/api/v1/platforms/meituan/orders", method: .post, headers: headers, body: bytes)
            #expect(response.status == .unprocessableContent)
            let codes = Set(try APITest.problemCodes(response.body))
            #expect(codes.isSuperset(of: ["total:value.type", "priority:value.type", "externalReference:required"]))
        }
    }

    @Test("a missing body the document requires is a 422 on the body or the file, not the decoder's 400")
    func missingBody() async throws {
        try await APITest.run { client, _ in
            let order = try await client.execute(uri: "/api/v1/orders", method: .post, headers: APITest.auth)
            #expect(order.status == .unprocessableContent, "\(String(buffer: order.body))")
            #expect(try Self.errors(order.body).first?["field"] as? String == "body")
            var upload = APITest.auth
            upload[.contentType] = "application/octet-stream"
            upload[HTTPField.Name("Idempotency-Key")!] = "empty-upload-1"
            let file = try await client.execute(
                uri: "/api/v1/orders/SH01-20261201-0001/attachments?kind=photo&fileName=a.jpg", method: .post,
                headers: upload)
            #expect(file.status == .unprocessableContent, "\(String(buffer: file.body))")
            #expect(try Self.errors(file.body).first?["field"] as? String == "file")
        }
    }

    @Test("a bad query value is a 422 on the parameter, not 'the body is not valid JSON'")
    func queryValues() async throws {
        try await APITest.run { client, _ in
            for (query, field) in [
                ("limit=ten", "limit"), ("createdFrom=yesterday", "createdFrom"), ("status=lost", "status"),
            ] {
                let response = try await client.execute(
                    uri: "/api/v1/orders?\(query)", method: .get, headers: APITest.auth)
                #expect(response.status == .unprocessableContent, "\(query)")
                #expect(
                    try Self.errors(response.body).first?["field"] as? String == field,
                    "\(query) \(String(buffer: response.body))")
                #expect(!String(buffer: response.body).contains("JSON"), "\(query)")
            }
        }
    }

    @Test(
        "a NUL in a body, query, path or form is a field-level 422 and nothing is stored",
        arguments: TestEngine.available)
    func controlCharacters(engine: TestEngine) async throws {
        try await APITest.run(engine) { client, database in
            var body = APITest.orderBody()
            var customer = body["customer"] as? [String: Any] ?? [:]
            customer["name"] = "王\u{0}芳"
            body["customer"] = customer
            body["notes"] = "line one\nline two\u{7}"
            let created = try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: APITest.auth, body: try APITest.bytes(body))
            #expect(created.status == .unprocessableContent)
            #expect(
                Set(try APITest.problemCodes(created.body)) == [
                    "customer.name:text.controlCharacter", "notes:text.controlCharacter",
                ])
            let listed = try APITest.object(
                try await client.execute(uri: "/api/v1/orders", method: .get, headers: APITest.auth).body)
            #expect((listed["items"] as? [Any])?.isEmpty == true)

            for uri in ["/api/v1/orders?orderNumber=SH01%00", "/api/v1/orders/SH01-%00", "/track/abc%00def"] {
                let response = try await client.execute(uri: uri, method: .get, headers: APITest.auth)
                #expect(response.status == .unprocessableContent, "\(uri)")
                #expect(try APITest.problemCodes(response.body).first?.hasSuffix("text.controlCharacter") == true)
            }
            var form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            form[.acceptLanguage] = "en"
            let signIn = try await client.execute(
                uri: "/login", method: .post, headers: form,
                body: ByteBuffer(string: "username=admin%00&password=x"))
            #expect(signIn.status == .unprocessableContent)
            #expect(try APITest.problemCodes(signIn.body) == ["username:text.controlCharacter"])
        }
    }

    @Test("If-Match must be a quoted entity tag (RFC 9110)")
    func ifMatchSyntax() async throws {
        try await APITest.run { client, _ in
            let created = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/orders", method: .post, headers: APITest.auth,
                    body: try APITest.bytes(APITest.orderBody())
                ).body)
            let number = try #require(created["number"] as? String)
            for malformed in ["v1", "\"v1", "v1\"", "W/v1"] {
                var headers = APITest.auth
                headers[.ifMatch] = malformed
                let response = try await client.execute(
                    uri: "/api/v1/orders/\(number)/cancel", method: .post, headers: headers,
                    body: try APITest.bytes(["reason": "客户改期"]))
                #expect(response.status == .unprocessableContent, "\(malformed)")
                #expect(try APITest.problemCodes(response.body) == ["If-Match:ifMatch.malformed"], "\(malformed)")
            }
            var headers = APITest.auth
            headers[.ifMatch] = "\"v9\""
            let stale = try await client.execute(
                uri: "/api/v1/orders/\(number)/cancel", method: .post, headers: headers,
                body: try APITest.bytes(["reason": "客户改期"]))
            #expect(stale.status == .preconditionFailed)
            headers[.ifMatch] = "\"v1\""
            let fresh = try await client.execute(
                uri: "/api/v1/orders/\(number)/cancel", method: .post, headers: headers,
                body: try APITest.bytes(["reason": "客户改期"]))
            #expect(fresh.status == .ok)
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderFlowHTTP
import OrderFlowTestSupport
import Testing

@Suite("R2.1 platform intake")
struct PlatformAPITests {
    static func platformBody(reference: String = "MT-20261201-42") -> [String: Any] {
        var body = APITest.orderBody()
        body.removeValue(forKey: "channel")
        body.removeValue(forKey: "paymentMethod")
        body["externalReference"] = reference
        return body
    }

    static func headers(signature: String) -> HTTPFields {
        [.contentType: "application/json", HTTPField.Name("X-OrderFlow-Signature")!: signature]
    }

    @Test("a signed order is created once; the re-sent one replays it", arguments: TestEngine.available)
    func signedAndIdempotent(engine: TestEngine) async throws {
        try await APITest.run(engine) { client, _ in
            let body = try APITest.bytes(Self.platformBody())
            let signature = PlatformSignature.sign(body: Array(body.readableBytesView), secret: APITest.platformSecret)
            let first = try await client.execute(
                uri: "/api/v1/platforms/meituan/orders", method: .post, headers: Self.headers(signature: signature),
                body: body)
            #expect(first.status == .created)
            let order = try APITest.object(first.body)
            #expect(order["channel"] as? String == "platform")
            #expect(order["platformName"] as? String == "meituan")
            #expect(order["paymentMethod"] as? String == "platform")
            let again = try await client.execute(
                uri: "/api/v1/platforms/meituan/orders", method: .post, headers: Self.headers(signature: signature),
                body: body)
            #expect(again.status == .created)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try APITest.object(again.body)["id"] as? String == order["id"] as? String)
        }
    }

    @Test("a wrong signature, another platform's secret or an unknown platform is 401 and creates nothing")
    func badSignatures() async throws {
        try await APITest.run { client, _ in
            let body = try APITest.bytes(Self.platformBody())
            let tampered = try APITest.bytes(Self.platformBody(reference: "MT-other"))
            let good = PlatformSignature.sign(body: Array(body.readableBytesView), secret: APITest.platformSecret)
            let cases: [(String, String, ByteBuffer)] = [
                ("meituan", "sha256=" + String(repeating: "0", count: 64), body),
                (
                    "meituan",
                    PlatformSignature.sign(body: Array(body.readableBytesView), secret: "another-secret-0123456789"),
                    body
                ),
                ("meituan", good, tampered),
                ("meituan", "", body),
                ("jd", good, body),
            ]
            for (platform, signature, payload) in cases {
                try await client.execute(
                    uri: "/api/v1/platforms/\(platform)/orders", method: .post,
                    headers: Self.headers(signature: signature),
                    body: payload
                ) { (response) async throws in
                    #expect(response.status == .unauthorized)
                }
            }
            let list = try await client.execute(uri: "/api/v1/orders", method: .get, headers: APITest.auth)
            #expect((try APITest.object(list.body)["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("a platform order without its own order id is 422")
    func referenceRequired() async throws {
        try await APITest.run { client, _ in
            var body = Self.platformBody()
            body.removeValue(forKey: "externalReference")
            let bytes = try APITest.bytes(body)
            let signature = PlatformSignature.sign(body: Array(bytes.readableBytesView), secret: APITest.platformSecret)
            try await client.execute(
                uri: "/api/v1/platforms/meituan/orders", method: .post, headers: Self.headers(signature: signature),
                body: bytes
            ) { (response) async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try APITest.problemCodes(response.body) == ["externalReference:required"])
            }
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

/// SQL metacharacters and markup in every free-text field are data: stored
/// and answered verbatim, never executed, never a 500.
@Suite("Hostile input in text fields")
struct HostileInputTests {
    static let sql = "x'); DROP TABLE orders; -- \" OR 1=1 ; SELECT * FROM staff"

    @Test(
        "orders, staff, tokens, reveals and audit searches keep hostile text as text", arguments: TestEngine.available)
    func verbatim(engine: TestEngine) async throws {
        try await APITest.run(engine) { client, _ in
            var order = APITest.orderBody()
            var customer = order["customer"] as? [String: Any] ?? [:]
            customer["name"] = "O'Neil\"--"
            var address = customer["address"] as? [String: Any] ?? [:]
            address["detail"] = Self.sql
            customer["address"] = address
            order["customer"] = customer
            order["notes"] = "<script>alert('x')</script> " + Self.sql
            order["lines"] = [["itemCode": "AC-CLEAN", "specification": Self.sql, "quantity": 1]]
            let created = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/orders", method: .post, headers: APITest.auth, body: try APITest.bytes(order)
                ).body)
            let number = try #require(created["number"] as? String)
            let read = try APITest.object(
                try await client.execute(uri: "/api/v1/orders/\(number)", method: .get, headers: APITest.auth).body)
            #expect(read["notes"] as? String == order["notes"] as? String)
            #expect(
                ((read["customer"] as? [String: Any])?["address"] as? [String: Any])?["detail"] as? String == Self.sql)
            #expect((read["lines"] as? [[String: Any]])?.first?["specification"] as? String == Self.sql)

            // Query parameters and path segments too.
            for uri in [
                "/api/v1/orders?orderNumber=\(Self.encoded(Self.sql))", "/api/v1/orders/\(Self.encoded(Self.sql))",
                "/api/v1/staff/\(Self.encoded(Self.sql))", "/api/v1/audit-log?actor=\(Self.encoded(Self.sql))",
                "/api/v1/stores/\(Self.encoded(Self.sql))",
            ] {
                let status = try await client.execute(uri: uri, method: .get, headers: APITest.auth).status
                #expect([.ok, .notFound, .unprocessableContent].contains(status), "\(uri) → \(status)")
            }
            try await client.execute(
                uri: "/api/v1/orders/\(number)/cancel", method: .post, headers: APITest.auth,
                body: try APITest.bytes(["reason": Self.sql])
            ) { #expect($0.status == .ok) }

            let staff = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/staff", method: .post, headers: APITest.auth,
                    body: try APITest.bytes([
                        "username": "lina", "displayName": String(Self.sql.prefix(50)),
                        "grants": [["role": "receptionist", "stores": ["SH01"]]],
                    ])
                ).body)
            #expect(staff["displayName"] as? String == String(Self.sql.prefix(50)))
            let token = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/tokens", method: .post, headers: APITest.auth,
                    body: try APITest.bytes(["name": Self.sql, "grants": [["role": "auditor", "stores": ["*"]]]])
                ).body)
            #expect((token["token"] as? [String: Any])?["name"] as? String == Self.sql)
            try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: APITest.auth,
                body: try APITest.bytes([
                    "name": String(repeating: "名", count: 101), "grants": [["role": "auditor", "stores": ["*"]]],
                ])
            ) { (response) async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try APITest.problemCodes(response.body) == ["name:text.tooLong"])
            }
            // Everything written above is still there: nothing was dropped.
            let orders = try APITest.object(
                try await client.execute(uri: "/api/v1/orders", method: .get, headers: APITest.auth).body)
            #expect((orders["items"] as? [Any])?.count == 1)
            let verification = try APITest.object(
                try await client.execute(uri: "/api/v1/audit-log/verification", method: .get, headers: APITest.auth)
                    .body)
            #expect(verification["intact"] as? Bool == true)
        }
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}

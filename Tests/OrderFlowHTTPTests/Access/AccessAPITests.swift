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

@Suite("Access API: tokens, staff, audit log, personal data")
struct AccessAPITests {
    static func grants(_ role: Role, _ stores: [String] = []) -> [RoleGrant] {
        [RoleGrant(role: role, scope: stores.isEmpty ? .allStores : .stores(Set(stores)))]
    }

    @Test(
        "a token made through the API works once shown, is listed without its secret, and dies when revoked",
        arguments: TestEngine.available)
    func tokens(engine: TestEngine) async throws {
        try await APITest.run(engine) { client, _ in
            let made = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/tokens", method: .post, headers: APITest.auth,
                    body: try APITest.bytes([
                        "name": "booking site", "grants": [["role": "receptionist", "stores": ["sh01"]]],
                    ])
                ).body)
            let secret = try #require(made["secret"] as? String)
            let token = try #require(made["token"] as? [String: Any])
            let headers: HTTPFields = [.authorization: "Bearer \(secret)"]
            try await client.execute(uri: "/api/v1/me", method: .get, headers: headers) { (response) async throws in
                let me = try APITest.object(response.body)
                #expect(me["kind"] as? String == "integration")
                #expect((me["actions"] as? [String])?.contains("createOrder") == true)
                #expect(me["csrfToken"] == nil)
            }
            let listed = try await client.execute(uri: "/api/v1/tokens", method: .get, headers: APITest.auth)
            #expect(!String(buffer: listed.body).contains(secret))
            try await client.execute(
                uri: "/api/v1/tokens/\(token["prefix"] as? String ?? "")/revoke", method: .post, headers: APITest.auth
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: headers) { (response) async throws in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            let refused = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/audit-log?action=token.refused", method: .get, headers: APITest.auth
                ).body)
            #expect((refused["entries"] as? [[String: Any]])?.first?["subject"] as? String == token["id"] as? String)
        }
    }

    @Test("an expired token is refused", arguments: [TestEngine.sqlite])
    func expired(engine: TestEngine) async throws {
        try await APITest.run(engine) { client, database in
            let secret = "oft_" + String(repeating: "ab", count: 20)
            try await APITest.issueToken(
                secret, grants: Self.grants(.auditor), expiresAt: Fixtures.now.addingTimeInterval(-1), on: database)
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(secret)"]) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test(
        "bad staff input is 422 field by field in the caller's language; oversized bodies 413",
        arguments: TestEngine.available)
    func staffInput(engine: TestEngine) async throws {
        try await APITest.run(engine) { client, _ in
            var headers = APITest.auth
            headers[.acceptLanguage] = "en"
            let body: [String: Any] = [
                "username": "Robert'); DROP TABLE staff;--", "displayName": String(repeating: "x", count: 60),
                "password": "password1234", "grants": [["role": "receptionist", "stores": ["*"]]],
            ]
            try await client.execute(
                uri: "/api/v1/staff", method: .post, headers: headers, body: try APITest.bytes(body)
            ) {
                (response) async throws in
                #expect(response.status == .unprocessableContent)
                #expect(
                    try APITest.problemCodes(response.body) == [
                        "username:staff.usernameInvalid", "displayName:text.tooLong", "password:password.tooCommon",
                        "grants:staff.grantsInvalid",
                    ])
                #expect(String(buffer: response.body).contains("Use 3–32 lowercase letters"))
            }
            try await client.execute(
                uri: "/api/v1/staff", method: .post, headers: APITest.auth,
                body: try APITest.bytes(["username": "lina", "displayName": String(repeating: "名", count: 20_000)])
            ) { #expect($0.status == .contentTooLarge) }
            try await client.execute(
                uri: "/api/v1/staff", method: .post, headers: APITest.auth,
                body: try APITest.bytes([
                    "username": "lina", "displayName": "李娜", "grants": [["role": "wizard", "stores": ["*"]]],
                ])
            ) { (response) async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try APITest.problemCodes(response.body) == ["grants[0].role:value.notAllowed"])
            }
            let staff = try await client.execute(uri: "/api/v1/staff", method: .get, headers: APITest.auth)
            #expect(String(buffer: staff.body) == "[]")
        }
    }

    @Test(
        "a repeated grant is a 422 naming it, when creating staff and when saving roles",
        arguments: TestEngine.available)
    func repeatedGrants(engine: TestEngine) async throws {
        try await APITest.run(engine) { client, _ in
            let twice: [[String: Any]] = [
                ["role": "receptionist", "stores": ["SH01"]], ["role": "receptionist", "stores": ["BJ01", "SH01"]],
            ]
            let created = try await client.execute(
                uri: "/api/v1/staff", method: .post, headers: APITest.auth,
                body: try APITest.bytes([
                    "username": "lina", "displayName": "李娜", "password": "Xuhui-2026-tea-garden", "grants": twice,
                ]))
            #expect(created.status == .unprocessableContent)
            #expect(try APITest.problemCodes(created.body) == ["grants[1]:staff.grantRepeated"])
            #expect(String(buffer: created.body).contains("receptionist@SH01"))
            let made = try await client.execute(
                uri: "/api/v1/staff", method: .post, headers: APITest.auth,
                body: try APITest.bytes([
                    "username": "lina", "displayName": "李娜", "password": "Xuhui-2026-tea-garden",
                    "grants": [["role": "receptionist", "stores": ["SH01"]]],
                ]))
            #expect(made.status == .created, "\(String(buffer: made.body))")
            var headers = APITest.auth
            headers[.ifMatch] = made.headers[.eTag]
            let saved = try await client.execute(
                uri: "/api/v1/staff/lina/roles", method: .put, headers: headers,
                body: try APITest.bytes(["grants": twice]))
            #expect(saved.status == .unprocessableContent)
            #expect(try APITest.problemCodes(saved.body) == ["grants[1]:staff.grantRepeated"])
        }
    }

    @Test(
        "R1.4 through the API: masked for finance, full for the store; reveal audited; audit log for auditors only",
        arguments: TestEngine.available)
    func personalData(engine: TestEngine) async throws {
        try await APITest.run(engine) { client, database in
            let created = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/orders", method: .post, headers: APITest.auth,
                    body: try APITest.bytes(APITest.orderBody())
                ).body)
            #expect(created["personalData"] as? String == "full")
            let number = try #require(created["number"] as? String)
            let finance = try await APITest.headers(for: Self.grants(.finance), on: database)
            let seen = try APITest.object(
                try await client.execute(uri: "/api/v1/orders/\(number)", method: .get, headers: finance).body)
            let customer = seen["customer"] as? [String: Any]
            #expect(seen["personalData"] as? String == "masked")
            #expect(customer?["phone"] as? String == "138****5678")
            #expect(customer?["name"] as? String == "张*")
            #expect((customer?["address"] as? [String: Any])?["detail"] as? String == "")
            let list = try await client.execute(uri: "/api/v1/orders", method: .get, headers: finance)
            #expect(!String(buffer: list.body).contains("13812345678"))
            // Nor can a masked role confirm a full number by searching for it.
            let search = try await client.execute(
                uri: "/api/v1/orders?phone=13812345678", method: .get, headers: finance)
            #expect(search.status == .forbidden)
            #expect(!String(buffer: list.body).contains("天钥桥路"))
            try await client.execute(
                uri: "/api/v1/orders/\(number)/personal-data", method: .post, headers: finance,
                body: try APITest.bytes(["reason": "对账需要"])
            ) { #expect($0.status == .forbidden) }

            let reviewer = try await APITest.headers(for: Self.grants(.reviewer), on: database)
            try await client.execute(
                uri: "/api/v1/orders/\(number)/personal-data", method: .post, headers: reviewer,
                body: try APITest.bytes(["reason": " "])
            ) { #expect($0.status == .unprocessableContent) }
            let revealed = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/orders/\(number)/personal-data", method: .post, headers: reviewer,
                    body: try APITest.bytes(["reason": "核实重复订单"])
                ).body)
            #expect(revealed["phone"] as? String == "13812345678")

            let auditor = try await APITest.headers(for: Self.grants(.auditor), on: database)
            let page = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/audit-log?action=personalData.revealed", method: .get, headers: auditor
                ).body)
            let entry = (page["entries"] as? [[String: Any]])?.first
            #expect(entry?["subject"] as? String == number)
            #expect((entry?["detail"] as? [String: Any])?["reason"] as? String == "核实重复订单")
            let verification = try APITest.object(
                try await client.execute(uri: "/api/v1/audit-log/verification", method: .get, headers: auditor).body)
            #expect(verification["intact"] as? Bool == true)
            let receptionist = try await APITest.headers(for: Self.grants(.receptionist, ["SH01"]), on: database)
            try await client.execute(uri: "/api/v1/audit-log", method: .get, headers: receptionist) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test(
        "R3.1 a technician profile through the API: unreadable times and unknown skills are 422 by field",
        arguments: [TestEngine.sqlite])
    func technicianProfile(engine: TestEngine) async throws {
        try await APITest.run(engine) { client, database in
            _ = try await AccessService(database: database, logger: TestDatabase.logger).addStaff(
                .init(
                    username: "sh.tech", displayName: "张师傅", password: nil, grants: Self.grants(.technician, ["SH01"])),
                by: Fixtures.administrator)
            let bad: [String: Any] = [
                "skills": [["skill": "astrology", "level": 3, "yearsOfExperience": 2]], "qualifications": [],
                "teams": [], "weeklyShifts": [["weekday": 2, "opens": "9 am", "closes": "18:00"]],
                "exceptions": [["date": "2026-02-30", "kind": "leave"]],
            ]
            try await client.execute(
                uri: "/api/v1/staff/sh.tech/technician-profile", method: .put, headers: APITest.auth,
                body: try APITest.bytes(bad)
            ) { (response) async throws in
                #expect(response.status == .unprocessableContent)
                #expect(
                    try APITest.problemCodes(response.body) == [
                        "weeklyShifts[0].opens:value.format", "exceptions[0].date:value.format",
                    ])
            }
            var good = bad
            good["weeklyShifts"] = [["weekday": 2, "opens": "09:00", "closes": "18:00"]]
            good["exceptions"] = [["date": "2026-12-03", "kind": "overtime", "opens": "10:00", "closes": "14:00"]]
            try await client.execute(
                uri: "/api/v1/staff/sh.tech/technician-profile", method: .put, headers: APITest.auth,
                body: try APITest.bytes(good)
            ) { (response) async throws in
                #expect(try APITest.problemCodes(response.body) == ["skills[0].skill:technician.unknownSkill"])
            }
            good["skills"] = [["skill": "hvac", "level": 3, "yearsOfExperience": 2]]
            good["qualifications"] = [["name": "高处作业证", "expiresOn": "2026-11-30"]]
            var ifMatch = APITest.auth
            ifMatch[.ifMatch] = "\"v0\""
            let saved = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/staff/sh.tech/technician-profile", method: .put, headers: ifMatch,
                    body: try APITest.bytes(good)
                ).body)
            #expect(saved["version"] as? Int == 1)
            // Expired yesterday (the fixture clock is 2026-12-01): kept, but not valid.
            #expect((saved["qualifications"] as? [[String: Any]])?.first?["valid"] as? Bool == false)
            try await client.execute(
                uri: "/api/v1/staff/sh.tech/technician-profile", method: .put, headers: ifMatch,
                body: try APITest.bytes(good)
            ) { #expect($0.status == .preconditionFailed) }
        }
    }
}

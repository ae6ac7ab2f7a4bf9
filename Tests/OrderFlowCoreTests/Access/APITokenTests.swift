import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@Suite("API tokens")
struct APITokenTests {
    let token = APIToken(
        id: UUID(), name: "美团接入", prefix: "oft_0a1b2c3d",
        grants: [RoleGrant(role: .customerService, scope: .allStores)],
        createdAt: Fixtures.now, createdBy: "staff:admin-1", expiresAt: Fixtures.now.addingTimeInterval(86_400))

    @Test("usable until it expires or is revoked")
    func usability() {
        #expect(token.isUsable(at: Fixtures.now))
        #expect(!token.isUsable(at: Fixtures.now.addingTimeInterval(86_400)))
        var revoked = token
        revoked.revokedAt = Fixtures.now
        #expect(!revoked.isUsable(at: Fixtures.now))
        var forever = token
        forever.expiresAt = nil
        #expect(forever.isUsable(at: Fixtures.now.addingTimeInterval(86_400 * 3650)))
    }

    @Test("the secret is oft_ and 40 hex characters; its first 12 characters name it")
    func secretFormat() {
        let secret = APIToken.secret(fromRandomBytes: Array(0..<20))
        #expect(secret == "oft_000102030405060708090a0b0c0d0e0f10111213")
        #expect(APIToken.prefix(of: secret) == "oft_00010203")
    }

    @Test("a token needs a name, valid grants and a future expiry")
    func definitionProblems() {
        let codes = APIToken.problems(
            name: " ", grants: [RoleGrant(role: .receptionist, scope: .allStores)],
            expiresAt: Fixtures.now.addingTimeInterval(-1), now: Fixtures.now
        ).map(\.code)
        #expect(codes == ["required", "token.grantsInvalid", "token.expiryPast"])
        #expect(APIToken.problems(name: "对账系统", grants: token.grants, expiresAt: nil, now: Fixtures.now).isEmpty)
    }

    @Test("store scopes are stored as * or a sorted list and read back the same")
    func scopeCoding() throws {
        let grants = [
            RoleGrant(role: .reviewer, scope: .allStores),
            RoleGrant(role: .dispatcher, scope: .stores(["SZ01", "BJ01"])),
        ]
        let data = try JSONEncoder().encode(grants)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"*\""))
        #expect(text.contains("[\"BJ01\",\"SZ01\"]"))
        #expect(try JSONDecoder().decode([RoleGrant].self, from: data) == grants)
    }
}

@Suite("Staff usernames")
struct StaffUsernameTests {
    @Test(
        "normalised to lowercase; letters first; a small alphabet",
        arguments: [("LiNa", "lina"), (" wang.wei ", "wang.wei"), ("tech_07", "tech_07")])
    func accepted(raw: String, normalized: String) {
        #expect(StaffMember.normalizedUsername(raw) == normalized)
    }

    @Test(
        "refused",
        arguments: ["ab", "7eleven", "李娜", "a b c", "x'; DROP TABLE staff; --", String(repeating: "a", count: 33)])
    func refused(raw: String) {
        #expect(StaffMember.normalizedUsername(raw) == nil)
    }
}

import Foundation
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import SQLKit
import Testing

@Suite("API token records")
struct APITokenRecordsTests {
    @Test("stored as a hash, found by the secret, revoked exactly once", arguments: TestEngine.available)
    func lifecycle(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let secret = APIToken.secret(fromRandomBytes: (0..<20).map { _ in UInt8.random(in: 0...255) })
            let token = APIToken(
                id: UUID(), name: "京东接入", prefix: APIToken.prefix(of: secret),
                grants: [RoleGrant(role: .customerService, scope: .stores(["SH01", "BJ01"]))], createdAt: Fixtures.now,
                createdBy: "staff:admin-1", expiresAt: nil)
            try await database.write { try await APITokenRecords.insert(token, secret: secret, on: $0) }

            let stored = try await database.read { try await $0.raw("SELECT token_hash FROM api_tokens").all() }
            let hash = try stored.first?.decode(column: "token_hash", as: String.self)
            #expect(hash == APITokenRecords.hash(ofSecret: secret))
            #expect(hash?.contains(secret) == false)

            #expect(try await database.read { try await APITokenRecords.find(secret: secret, on: $0) } == token)
            #expect(try await database.read { try await APITokenRecords.find(secret: secret + "x", on: $0) } == nil)

            let revoked = try await database.write {
                try await APITokenRecords.revoke(id: token.id, by: "staff:admin-1", at: Fixtures.now, on: $0)
            }
            #expect(revoked?.revokedAt == Fixtures.now)
            #expect(revoked?.isUsable(at: Fixtures.now) == false)
            let again = try await database.write {
                try await APITokenRecords.revoke(id: token.id, by: "staff:admin-1", at: Fixtures.now, on: $0)
            }
            #expect(again == nil)
            #expect(try await database.read { try await APITokenRecords.all(on: $0) }.count == 1)
        }
    }
}

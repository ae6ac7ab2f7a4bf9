import Foundation
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import SQLKit
import Testing

@Suite("Staff records")
struct StaffRecordsTests {
    static func member(_ username: String, grants: [RoleGrant]) -> StaffMember {
        StaffMember(
            id: UUID(), username: username, displayName: "李娜", grants: grants, createdAt: Fixtures.now,
            updatedAt: Fixtures.now)
    }

    @Test("a member with several grants reads back the same, by id and by username", arguments: TestEngine.available)
    func roundTrip(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let member = Self.member(
                "lina",
                grants: [
                    RoleGrant(role: .dispatcher, scope: .stores(["BJ01", "SH01"])),
                    RoleGrant(role: .reviewer, scope: .allStores),
                ])
            try await database.write { try await StaffRecords.insert(member, passwordHash: "$2b$12$hash", on: $0) }
            #expect(try await database.read { try await StaffRecords.find(id: member.id, on: $0) } == member)
            let byName = try await database.read { try await StaffRecords.find(username: "lina", on: $0) }
            #expect(byName?.0 == member)
            #expect(byName?.1 == "$2b$12$hash")
        }
    }

    @Test(
        "usernames are unique; grants are replaced with a version check; disabling keeps the account",
        arguments: TestEngine.available)
    func changes(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let member = Self.member("wangwei", grants: [RoleGrant(role: .receptionist, scope: .stores(["SH01"]))])
            try await database.write { try await StaffRecords.insert(member, passwordHash: nil, on: $0) }
            await #expect(throws: (any Error).self) {
                try await database.write {
                    try await StaffRecords.insert(Self.member("wangwei", grants: []), passwordHash: nil, on: $0)
                }
            }
            let manager = [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))]
            try await database.write {
                try await StaffRecords.replaceGrants(
                    of: member.id, with: manager, expectedVersion: 1, at: Fixtures.now, on: $0)
            }
            await #expect(throws: StoreError.staleVersion) {
                try await database.write {
                    try await StaffRecords.replaceGrants(
                        of: member.id, with: [], expectedVersion: 1, at: Fixtures.now, on: $0)
                }
            }
            try await database.write {
                try await StaffRecords.disable(member.id, expectedVersion: 2, at: Fixtures.now, on: $0)
            }
            let stored = try #require(try await database.read { try await StaffRecords.find(id: member.id, on: $0) })
            #expect(stored.grants == manager)
            #expect(!stored.isActive)
            #expect(stored.version == 3)
            #expect(try await database.read { try await StaffRecords.all(on: $0) }.count == 1)
        }
    }
}

import Foundation
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import SQLKit
import Testing

@Suite("Sessions and sign-in attempts")
struct SessionRecordsTests {
    static func staffMember(on database: any OrderFlowDatabase) async throws -> StaffMember {
        let member = StaffMember(
            id: UUID(), username: "lina", displayName: "李娜",
            grants: [RoleGrant(role: .receptionist, scope: .stores(["SH01"]))], createdAt: Fixtures.now,
            updatedAt: Fixtures.now)
        try await database.write { try await StaffRecords.insert(member, passwordHash: nil, on: $0) }
        return member
    }

    @Test("a session is found by its secret only, touched, and ended once", arguments: TestEngine.available)
    func lifecycle(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let member = try await Self.staffMember(on: database)
            let session = StaffSession(
                staffID: member.id, csrfToken: "csrf-1", createdAt: Fixtures.now,
                expiresAt: Fixtures.now.addingTimeInterval(3600), lastSeenAt: Fixtures.now)
            try await database.write { try await SessionRecords.insert(session, secret: "secret-1", on: $0) }
            #expect(try await database.read { try await SessionRecords.find(secret: "secret-1", on: $0) } == session)
            #expect(try await database.read { try await SessionRecords.find(secret: "secret-2", on: $0) } == nil)
            // Only the hash is stored: the secret itself is nowhere in the table.
            let stored = try await database.read { try await $0.raw("SELECT id_hash FROM sessions").all() }
            #expect(try stored.map { try $0.decode(column: "id_hash", as: String.self) } != ["secret-1"])

            let later = Fixtures.now.addingTimeInterval(600)
            try await database.write { try await SessionRecords.touch(secret: "secret-1", at: later, on: $0) }
            #expect(
                try await database.read { try await SessionRecords.find(secret: "secret-1", on: $0) }?.lastSeenAt
                    == later)
            #expect(try await database.write { try await SessionRecords.end(secret: "secret-1", at: later, on: $0) })
            #expect(!(try await database.write { try await SessionRecords.end(secret: "secret-1", at: later, on: $0) }))
            #expect(
                try await database.read { try await SessionRecords.find(secret: "secret-1", on: $0) }?.endedAt == later)
        }
    }

    @Test("ending all of a person's sessions leaves other people's alone", arguments: TestEngine.available)
    func endAll(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let member = try await Self.staffMember(on: database)
            let other = StaffMember(
                id: UUID(), username: "wangwei", displayName: "王伟",
                grants: [RoleGrant(role: .dispatcher, scope: .stores(["SH01"]))], createdAt: Fixtures.now,
                updatedAt: Fixtures.now)
            try await database.write { try await StaffRecords.insert(other, passwordHash: nil, on: $0) }
            for (secret, id) in [("a", member.id), ("b", member.id), ("c", other.id)] {
                let session = StaffSession(
                    staffID: id, csrfToken: secret, createdAt: Fixtures.now,
                    expiresAt: Fixtures.now.addingTimeInterval(3600), lastSeenAt: Fixtures.now)
                try await database.write { try await SessionRecords.insert(session, secret: secret, on: $0) }
            }
            try await database.write { try await SessionRecords.endAll(of: member.id, at: Fixtures.now, on: $0) }
            for (secret, ended) in [("a", true), ("b", true), ("c", false)] {
                let found = try await database.read { try await SessionRecords.find(secret: secret, on: $0) }
                #expect((found?.endedAt != nil) == ended, "\(secret)")
            }
        }
    }

    @Test(
        "failures count per account and address, within the window and only since the last success",
        arguments: TestEngine.available)
    func attempts(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let t0 = Fixtures.now
            try await database.write { db in
                for (offset, succeeded) in [(0, false), (10, true), (20, false), (30, false)] {
                    try await SignInAttemptRecords.record(
                        username: "lina", source: "10.0.0.1", succeeded: succeeded,
                        at: t0.addingTimeInterval(Double(offset)), on: db)
                }
                try await SignInAttemptRecords.record(
                    username: "other", source: "10.0.0.1", succeeded: false, at: t0.addingTimeInterval(40), on: db)
                try await SignInAttemptRecords.record(
                    username: "lina", source: "10.0.0.9", succeeded: false, at: t0.addingTimeInterval(50), on: db)
            }
            let account = try await database.read {
                try await SignInAttemptRecords.failures(username: "lina", source: "10.0.0.1", since: t0, on: $0)
            }
            #expect(account.count == 2)
            #expect(account.latest == t0.addingTimeInterval(30))
            let windowed = try await database.read {
                try await SignInAttemptRecords.failures(
                    username: "lina", source: "10.0.0.1", since: t0.addingTimeInterval(25), on: $0)
            }
            #expect(windowed.count == 1)
            let source = try await database.read {
                try await SignInAttemptRecords.failures(source: "10.0.0.1", since: t0, on: $0)
            }
            #expect(source == 4)
            // Another address's failures on the same account are its own.
            let elsewhere = try await database.read {
                try await SignInAttemptRecords.failures(username: "lina", source: "10.0.0.9", since: t0, on: $0)
            }
            #expect(elsewhere.count == 1)
        }
    }
}

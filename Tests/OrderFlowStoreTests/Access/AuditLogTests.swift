import Foundation
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import SQLKit
import Testing

@Suite("R1.4 R8.4 audit log")
struct AuditLogTests {
    static let admin = Actor(kind: .staff, id: "admin-1")

    @Test("concurrent appends form one gapless, intact chain", arguments: TestEngine.available)
    func concurrentChain(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<24 {
                    group.addTask { () async throws -> Void in
                        _ = try await database.write { db in
                            try await AuditLog.append(
                                actor: Self.admin, action: index.isMultiple(of: 3) ? "auth.loginFailed" : "auth.login",
                                outcome: index.isMultiple(of: 3) ? .refused : .succeeded, subject: "staff-\(index % 4)",
                                at: Fixtures.now.addingTimeInterval(Double(index)), on: db)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let entries = try await database.read { try await AuditLog.all(on: $0) }
            #expect(entries.map(\.sequence) == Array(1...24))
            #expect(AuditLog.firstBrokenLink(in: entries) == nil)
        }
    }

    @Test("an entry whose write rolls back leaves no trace and no gap", arguments: TestEngine.available)
    func rollback(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            struct Refused: Error {}
            try await database.write { db in
                try await AuditLog.append(
                    actor: Self.admin, action: "token.created", outcome: .succeeded, at: Fixtures.now, on: db)
            }
            await #expect(throws: Refused.self) {
                try await database.write { db in
                    try await AuditLog.append(
                        actor: Self.admin, action: "token.revoked", outcome: .succeeded, at: Fixtures.now, on: db)
                    throw Refused()
                }
            }
            try await database.write { db in
                try await AuditLog.append(
                    actor: Self.admin, action: "token.revoked", outcome: .succeeded, at: Fixtures.now, on: db)
            }
            let entries = try await database.read { try await AuditLog.all(on: $0) }
            #expect(entries.map(\.sequence) == [1, 2])
            #expect(AuditLog.firstBrokenLink(in: entries) == nil)
        }
    }

    @Test("nobody can change or delete an entry; a changed copy breaks the chain", arguments: TestEngine.available)
    func appendOnly(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            for action in ["personalData.revealed", "auth.lockout"] {
                try await database.write { db in
                    try await AuditLog.append(
                        actor: Self.admin, action: action, outcome: .succeeded, storeCode: "SH01",
                        subject: "SH01-20261201-0001", detailJSON: "{\"reason\":\"客户来电核实地址\"}", at: Fixtures.now, on: db
                    )
                }
            }
            await #expect(throws: (any Error).self) {
                try await database.write { try await $0.raw("UPDATE audit_log SET actor = 'staff:nobody'").run() }
            }
            await #expect(throws: (any Error).self) {
                try await database.write { try await $0.raw("DELETE FROM audit_log").run() }
            }
            var entries = try await database.read { try await AuditLog.all(on: $0) }
            #expect(entries.count == 2)
            #expect(AuditLog.firstBrokenLink(in: entries) == nil)
            entries[0].detailJSON = "{\"reason\":\"edited\"}"
            #expect(AuditLog.firstBrokenLink(in: entries) == 1)
        }
    }

    @Test(
        "R8.3 newest entries cut off the end (append-only triggers bypassed) are detected",
        arguments: TestEngine.available)
    func cutOffEnd(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            for index in 0..<5 {
                try await database.write { db in
                    try await AuditLog.append(
                        actor: Self.admin, action: "auth.login", outcome: .succeeded, subject: "staff-\(index)",
                        at: Fixtures.now.addingTimeInterval(Double(index)), on: db)
                }
            }
            let intact = try await database.read { db in
                AuditLog.firstBrokenLink(in: try await AuditLog.all(on: db), head: try await AuditLog.head(on: db))
            }
            #expect(intact == nil)
            // Someone with the database's keys drops the guard and deletes the two newest entries.
            try await Self.withoutAppendOnlyGuard("audit_log", on: database) { db in
                try await db.raw("DELETE FROM audit_log WHERE sequence > 3").run()
            }
            let cut = try await database.read { db in
                (try await AuditLog.all(on: db), try await AuditLog.head(on: db))
            }
            // The chain alone still looks whole…
            #expect(AuditLog.firstBrokenLink(in: cut.0) == nil)
            // …the head says what is missing.
            #expect(AuditLog.firstBrokenLink(in: cut.0, head: cut.1) == 4)
        }
    }

    /// Runs `change` with the append-only triggers of `table` out of the way, as an attacker would.
    static func withoutAppendOnlyGuard(
        _ table: String, on database: any OrderFlowDatabase,
        _ change: @escaping @Sendable (any SQLDatabase) async throws -> Void
    ) async throws {
        try await database.write { db in
            switch database.engine {
            case .sqlite:
                try await db.raw("DROP TRIGGER \(unsafeRaw: table)_no_delete").run()
            case .postgres:
                try await db.raw("ALTER TABLE \(unsafeRaw: table) DISABLE TRIGGER \(unsafeRaw: table)_no_change").run()
            }
            try await change(db)
        }
    }

    @Test("search filters by actor, action, subject and time, newest first, in pages", arguments: TestEngine.available)
    func search(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let other = Actor(kind: .staff, id: "auditor-1")
            try await database.write { db in
                for index in 0..<10 {
                    try await AuditLog.append(
                        actor: index < 6 ? Self.admin : other,
                        action: index.isMultiple(of: 2) ? "auth.login" : "token.created",
                        outcome: .succeeded, subject: "s\(index)",
                        at: Fixtures.now.addingTimeInterval(Double(index) * 60),
                        on: db)
                }
            }
            let logins = try await database.read { try await AuditLog.search(AuditQuery(action: "auth.login"), on: $0) }
            #expect(logins.map(\.sequence) == [9, 7, 5, 3, 1])
            let byOther = try await database.read {
                try await AuditLog.search(AuditQuery(actor: other.description), on: $0)
            }
            #expect(byOther.map(\.sequence) == [10, 9, 8, 7])
            let window = try await database.read {
                try await AuditLog.search(
                    AuditQuery(
                        from: Fixtures.now.addingTimeInterval(120), before: Fixtures.now.addingTimeInterval(300)),
                    on: $0)
            }
            #expect(window.map(\.subject) == ["s4", "s3", "s2"])
            let firstPage = try await database.read { try await AuditLog.search(AuditQuery(limit: 4), on: $0) }
            let nextPage = try await database.read { [firstPage] in
                try await AuditLog.search(AuditQuery(beforeSequence: firstPage.last?.sequence, limit: 4), on: $0)
            }
            #expect(firstPage.map(\.sequence) == [10, 9, 8, 7])
            #expect(nextPage.map(\.sequence) == [6, 5, 4, 3])
        }
    }
}

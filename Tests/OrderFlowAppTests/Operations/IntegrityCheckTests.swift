import Foundation
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import SQLKit
import Testing

@testable import OrderFlowApp

/// Issue 16 point 6 (B7): a database whose chains do not verify is found,
/// whichever order and however far into a large database.
@Suite("The integrity check reads every chain")
struct IntegrityCheckTests {
    @Test("B7 an intact database verifies, across pages", arguments: TestEngine.available)
    func intact(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            for _ in 0..<5 { _ = try await Fixtures.intake(database).createOrder(Fixtures.draft(), by: Fixtures.agent) }
            let report = try await IntegrityCheck(database: database, pageSize: 2).run()
            #expect(report.isIntact)
            #expect(report.orders == 5)
            #expect(report.events >= 5)
            let contents = try await database.read { try await BackupContents.read(on: $0) }
            #expect(contents.orders == 5 && contents.events == report.events)
            #expect(contents.schemaVersion == Migrations.all.map(\.number).max())
        }
    }

    @Test("B7 a history cut short and a changed audit entry are each named", arguments: TestEngine.available)
    func broken(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            var numbers: [String] = []
            for _ in 0..<3 {
                let created = try await Fixtures.intake(database).createOrder(Fixtures.draft(), by: Fixtures.agent)
                numbers.append(created.order.order.number)
            }
            let victim = numbers[1]
            // Someone with the database's password, past the append-only triggers.
            try await database.write { db in
                switch engine {
                case .sqlite:
                    try await db.raw("DROP TRIGGER order_events_no_delete").run()
                    try await db.raw("DROP TRIGGER audit_log_no_update").run()
                case .postgres:
                    try await db.raw("DROP TRIGGER order_events_no_change ON order_events").run()
                    try await db.raw("DROP TRIGGER audit_log_no_change ON audit_log").run()
                }
                try await db.raw(
                    """
                    DELETE FROM order_events WHERE order_id = (SELECT id FROM orders WHERE number = \(bind: victim))
                    AND sequence = (SELECT MAX(sequence) FROM order_events e JOIN orders o ON o.id = e.order_id
                                    WHERE o.number = \(bind: victim))
                    """
                ).run()
                _ = try await AuditLog.append(
                    actor: Fixtures.agent.actor, action: "test.entry", outcome: .succeeded, storeCode: nil,
                    subject: nil,
                    detailJSON: "{}", at: Date(), on: db)
                try await db.raw("UPDATE audit_log SET detail_json = '[]' WHERE action = 'test.entry'").run()
            }
            let report = try await IntegrityCheck(database: database, pageSize: 1).run()
            #expect(!report.isIntact)
            #expect(report.brokenChains.map(\.orderNumber) == [victim])
            #expect(report.auditBrokenAt != nil)
            #expect(report.findings.contains { $0.hasPrefix("order \(victim): its event chain breaks at event #") })
        }
    }

    @Test("B7 a restore that brought back fewer rows than its manifest says is told apart")
    func restoredCountsAreCompared() {
        let contents = BackupContents(
            schemaVersion: 17, orders: 10, events: 40, auditEntries: 3,
            attachments: [.init(sha256: String(repeating: "a", count: 64), sizeBytes: 5)])
        var restored = contents
        #expect(RestoreService.compare(restored, with: manifest(contents)).isEmpty)
        restored.orders = 9
        restored.attachments = []
        #expect(
            RestoreService.compare(restored, with: manifest(contents)) == [
                "orders: 9 restored, 10 in the backup", "attachments: 0 restored, 1 in the backup",
            ])
    }

    @Test("B7 pg_dump and pg_restore get the password in their environment, never on their command line")
    func passwordStaysOffTheCommandLine() throws {
        let (url, password) = try PostgresTools.split("postgres://orderflow:s%40cret@db.internal:5432/orderflow")
        #expect(url == "postgres://orderflow@db.internal:5432/orderflow")
        #expect(password == "s@cret")
        let (plain, none) = try PostgresTools.split("postgres://orderflow@127.0.0.1/orderflow")
        #expect(plain == "postgres://orderflow@127.0.0.1/orderflow" && none == nil)
    }

    private func manifest(_ contents: BackupContents) -> BackupManifest {
        BackupManifest(
            format: BackupManifest.currentFormat, engine: "sqlite", createdAt: Date(), databaseFile: "orderflow.sqlite",
            databaseSHA256: "", databaseBytes: 0, contents: contents, missingAttachments: [])
    }
}

import Foundation
import OrderFlowStore
import OrderFlowTestSupport
import SQLKit
import Testing

@Suite("Migrations")
struct MigratorTests {
    @Test("run once, recorded, and a second run applies nothing", arguments: TestEngine.available)
    func idempotent(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            // TestDatabase already migrated: nothing left to apply.
            let again = try await Migrator(database: database, logger: TestDatabase.logger).migrate()
            #expect(again.isEmpty)
            let rows = try await database.read { try await $0.raw("SELECT number, name FROM schema_migrations").all() }
            #expect(rows.count == Migrations.all.count)
        }
    }

    @Test("concurrent migrators agree: each migration applied exactly once", arguments: TestEngine.available)
    func concurrentStart(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let extra = Migration(number: 9_001, name: "test-extra") { _ in
                ["CREATE TABLE test_extra (id TEXT PRIMARY KEY)"]
            }
            let migrator = Migrator(database: database, logger: TestDatabase.logger)
            let results = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<4 { group.addTask { try await migrator.migrate(Migrations.all + [extra]) } }
                return try await group.reduce(into: [[Int]]()) { $0.append($1) }
            }
            #expect(results.flatMap { $0 } == [9_001])
        }
    }
}

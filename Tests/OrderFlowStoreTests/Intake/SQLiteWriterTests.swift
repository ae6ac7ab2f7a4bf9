import Foundation
import OrderFlowStore
import OrderFlowTestSupport
import SQLKit
import Testing

/// The SQLite writer commits concurrent writes together; one failing write
/// must roll back alone and never take the others with it.
@Suite("SQLite group commit")
struct SQLiteWriterTests {
    @Test("a failing write in a batch rolls back alone; the rest commit")
    func isolation() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await database.write { try await $0.raw("CREATE TABLE probe (id BIGINT PRIMARY KEY)").run() }
            struct Refused: Error {}
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        do {
                            try await database.write { db in
                                try await db.raw("INSERT INTO probe (id) VALUES (\(bind: Int64(index)))").run()
                                if index.isMultiple(of: 5) { throw Refused() }
                            }
                            return true
                        } catch {
                            return false
                        }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 40)
            let rows = try await database.read { try await $0.raw("SELECT id FROM probe ORDER BY id").all() }
            let ids = try rows.map { try $0.decode(column: "id", as: Int64.self) }
            #expect(ids == (0..<50).filter { !$0.isMultiple(of: 5) }.map(Int64.init))
        }
    }
}

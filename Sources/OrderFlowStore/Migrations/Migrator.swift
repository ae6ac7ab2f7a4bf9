import Foundation
import Logging
import SQLKit

/// Runs the migrations that have not run yet, each in its own transaction,
/// recording them in `schema_migrations`. Safe to call from several
/// instances starting at once: on PostgreSQL they queue on an advisory lock.
public struct Migrator: Sendable {
    public let database: any OrderFlowDatabase
    public let logger: Logger

    public init(database: any OrderFlowDatabase, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Returns the numbers of the migrations it applied.
    @discardableResult
    public func migrate(_ migrations: [Migration] = Migrations.all, at now: Date = Date()) async throws -> [Int] {
        let engine = database.engine
        try await database.write { db in
            try await db.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    number BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """
            ).run()
        }
        var applied: [Int] = []
        for migration in migrations.sorted(by: { $0.number < $1.number }) {
            let ran = try await database.write { db -> Bool in
                if engine == .postgres {
                    // One instance migrates; the others wait here, then see it done.
                    try await db.raw("SELECT pg_advisory_xact_lock(7331001)").run()
                }
                let done = try await db.raw(
                    "SELECT number FROM schema_migrations WHERE number = \(bind: Int64(migration.number))"
                ).first()
                guard done == nil else { return false }
                for statement in migration.statements(engine) {
                    try await db.raw("\(unsafeRaw: statement)").run()
                }
                try await db.raw(
                    """
                    INSERT INTO schema_migrations (number, name, applied_at)
                    VALUES (\(bind: Int64(migration.number)), \(bind: migration.name), \(bind: now.epochMilliseconds))
                    """
                ).run()
                return true
            }
            if ran {
                applied.append(migration.number)
                logger.info(
                    "migration applied", metadata: ["number": "\(migration.number)", "name": "\(migration.name)"])
            }
        }
        return applied
    }
}

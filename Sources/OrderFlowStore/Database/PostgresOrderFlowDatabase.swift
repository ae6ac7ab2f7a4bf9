import Foundation
import Logging
import PostgresKit
import PostgresNIO
import SQLKit
import ServiceLifecycle

/// PostgreSQL, for several `orderflow serve` instances sharing one database
/// (DESIGN.md §5). Each unit of work leases a connection from the client's
/// pool; a write wraps it in a transaction.
///
/// `PostgresClient` only works while its `run()` is running: add `client`
/// to the service group, or call `runClient()` in a task.
public final class PostgresOrderFlowDatabase: OrderFlowDatabase {
    public let engine = DatabaseEngine.postgres
    public let client: PostgresClient
    private let metrics = DatabaseMetrics(engine: .postgres)
    private let logger: Logger

    public init(configuration: PostgresClient.Configuration, logger: Logger) {
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    /// Parses `postgres://user:password@host:port/database` (also `postgresql://`).
    public static func configuration(fromURL text: String) throws -> PostgresClient.Configuration {
        guard let url = URLComponents(string: text), let scheme = url.scheme,
            ["postgres", "postgresql"].contains(scheme), let host = url.host, !host.isEmpty
        else { throw StoreError.unreachable("not a PostgreSQL URL (postgres://user:password@host:port/database)") }
        let database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        var configuration = PostgresClient.Configuration(
            host: host, port: url.port ?? 5432, username: url.user ?? "postgres", password: url.password,
            database: database.isEmpty ? nil : database, tls: .disable)
        configuration.options.maximumConnections = 16
        return configuration
    }

    public func read<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await metrics.timed(metrics.reads) {
            try await client.withConnection { connection in
                try await work(connection.sql(queryLogLevel: .trace))
            }
        }
    }

    public func write<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await metrics.timed(metrics.writes) {
            try await transaction(work)
        }
    }

    private func transaction<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T)
        async throws -> T
    {
        try await client.withConnection { connection in
            let sql = connection.sql(queryLogLevel: .trace)
            try await sql.raw("BEGIN").run()
            do {
                let value = try await work(sql)
                try await sql.raw("COMMIT").run()
                return value
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    public func autocommit<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws
        -> T
    {
        try await client.withConnection { connection in try await work(connection.sql(queryLogLevel: .trace)) }
    }

    public func shutdown() async {}
}

extension PostgresOrderFlowDatabase {
    /// Runs `work` while the client's connection pool runs, for commands
    /// that use the database without a service group (migrate, demo, tests).
    public func whileRunning<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            let client = self.client
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await work()
        }
    }
}

extension PostgresOrderFlowDatabase {
    /// Runs `work` inside one read-only snapshot and tells it the snapshot's
    /// id, so that another program (`pg_dump --snapshot`) sees exactly what
    /// `work` reads, whatever commits meanwhile.
    public func withExportedSnapshot<T: Sendable>(
        _ work: @escaping @Sendable (_ snapshotID: String, _ db: any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await client.withConnection { connection in
            let sql = connection.sql(queryLogLevel: .trace)
            try await sql.raw("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").run()
            do {
                guard let row = try await sql.raw("SELECT pg_export_snapshot() AS id").first() else {
                    throw StoreError.unreachable("pg_export_snapshot returned nothing")
                }
                let value = try await work(try row.text("id"), sql)
                try await sql.raw("COMMIT").run()
                return value
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Whether the database holds no table yet: what `orderflow restore` needs.
    public func isEmpty() async throws -> Bool {
        try await read { db in
            let row = try await db.raw(
                "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()"
            ).first()
            return try row.map { try $0.int("n") } == 0
        }
    }
}

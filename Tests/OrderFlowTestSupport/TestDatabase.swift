import Foundation
import Logging
import OrderFlowStore

/// The engines every store and app test runs on. PostgreSQL is included
/// only where its binaries are installed; otherwise the run says so.
public enum TestEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    public static let available: [TestEngine] = {
        if PostgresCluster.binaries != nil { return [.sqlite, .postgres] }
        print("⚠️  PostgreSQL binaries not found: store and app tests run on SQLite only (PostgreSQL runs SKIPPED).")
        return [.sqlite]
    }()
}

public enum TestDatabase {
    public static let logger: Logger = {
        var logger = Logger(label: "orderflow.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// For the PostgreSQL pool: it warns when a lease comes a moment before
    /// its run loop starts, which is harmless and only noise in test output.
    public static let quietLogger: Logger = {
        var logger = Logger(label: "orderflow.tests.postgres")
        logger.logLevel = .error
        return logger
    }()

    /// A fresh, migrated database of the given engine for one test; closed
    /// and removed afterwards.
    public static func with<T: Sendable>(
        _ engine: TestEngine, _ body: @escaping @Sendable (any OrderFlowDatabase) async throws -> T
    ) async throws -> T {
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("orderflow-test-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let database = try await SQLiteOrderFlowDatabase.open(
                path: directory.appendingPathComponent("test.sqlite").path, logger: logger)
            do {
                try await Migrator(database: database, logger: logger).migrate()
                let result = try await body(database)
                await database.shutdown()
                return result
            } catch {
                await database.shutdown()
                throw error
            }
        case .postgres:
            let url = try await PostgresCluster.shared.makeDatabaseURL()
            let database = PostgresOrderFlowDatabase(
                configuration: try PostgresOrderFlowDatabase.configuration(fromURL: url), logger: quietLogger)
            return try await database.whileRunning {
                try await Migrator(database: database, logger: logger).migrate()
                return try await body(database)
            }
        }
    }
}

extension TestDatabase {
    /// Two separate connection pools on one fresh PostgreSQL database: two
    /// servers sharing it, as in a multi-instance deployment.
    public static func withTwoPostgresInstances<T: Sendable>(
        _ body: @escaping @Sendable (any OrderFlowDatabase, any OrderFlowDatabase) async throws -> T
    ) async throws -> T {
        let url = try await PostgresCluster.shared.makeDatabaseURL()
        let first = PostgresOrderFlowDatabase(
            configuration: try PostgresOrderFlowDatabase.configuration(fromURL: url), logger: quietLogger)
        let second = PostgresOrderFlowDatabase(
            configuration: try PostgresOrderFlowDatabase.configuration(fromURL: url), logger: quietLogger)
        return try await first.whileRunning {
            try await Migrator(database: first, logger: logger).migrate()
            return try await second.whileRunning { try await body(first, second) }
        }
    }
}

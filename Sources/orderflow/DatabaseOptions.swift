import ArgumentParser
import Foundation
import Logging
import OrderFlowHTTP
import OrderFlowStore

/// Where the data lives; flags win over the environment.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "PostgreSQL URL (postgres://user:pass@host:port/db). Env: ORDERFLOW_DATABASE_URL. Unset: SQLite.")
    var databaseURL: String?

    @Option(help: "SQLite file when no database URL is given. Env: ORDERFLOW_SQLITE_PATH.")
    var sqlitePath: String?

    @Option(help: "SQLite durability, full (fsync each commit) or normal. Env: ORDERFLOW_SQLITE_SYNC.")
    var durability: String?

    func apply(to config: inout AppConfig, environment: [String: String]) throws {
        config.databaseURL = databaseURL ?? environment["ORDERFLOW_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        config.sqlitePath = sqlitePath ?? environment["ORDERFLOW_SQLITE_PATH"] ?? config.sqlitePath
        let sync = durability ?? environment["ORDERFLOW_SQLITE_SYNC"] ?? "full"
        guard let level = SQLiteDurability(rawValue: sync) else {
            throw ValidationError("durability must be full or normal, not \(sync)")
        }
        config.sqliteDurability = level
    }
}

enum CommandSupport {
    /// Where the data lives: the database options and the attachments directory.
    static func dataConfig(_ options: DatabaseOptions, environment: [String: String]) throws -> AppConfig {
        var config = AppConfig()
        config.attachmentsPath = environment["ORDERFLOW_ATTACHMENTS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        try options.apply(to: &config, environment: environment)
        return config
    }

    /// Writes a line to standard output at once. `print` is block-buffered
    /// when output is a file or a pipe, so a line from a long-running server
    /// (the first administrator's one-time password) would appear only when
    /// it exits, or never after a kill.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func makeLogger() -> Logger {
        var logger = Logger(label: "orderflow")
        logger.logLevel = logLevel
        return logger
    }

    /// `ORDERFLOW_LOG_LEVEL` (trace … critical), info by default.
    static var logLevel: Logger.Level {
        ProcessInfo.processInfo.environment["ORDERFLOW_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    }

    /// Runs `work` with the database open, and closes it afterwards, also on failure.
    static func withDatabase<T: Sendable>(
        _ config: AppConfig, logger: Logger, _ work: @escaping @Sendable (any OrderFlowDatabase) async throws -> T
    ) async throws -> T {
        let database = try await OrderFlowServer.openDatabase(config, logger: logger)
        do {
            let result: T
            if let postgres = database as? PostgresOrderFlowDatabase {
                result = try await postgres.whileRunning { try await work(database) }
            } else {
                result = try await work(database)
            }
            await database.shutdown()
            return result
        } catch {
            await database.shutdown()
            throw error
        }
    }
}

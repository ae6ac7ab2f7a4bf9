import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

/// How hard SQLite works to keep a commit through a power cut.
public enum SQLiteDurability: String, Sendable, CaseIterable {
    /// fsync on every commit: an answered write survives power loss. The default.
    case full
    /// fsync at checkpoints only: survives a crash of the process, not of the machine.
    case normal
}

/// The embedded database: one file in WAL mode, one writer connection with
/// group commit, and a few reader connections that never wait for writers.
/// Each connection has a thread of its own, on which its statements and the
/// code between them run (see `DedicatedThreadExecutor`).
///
/// Why one writer: sqlite-nio's own busy handler retries forever while
/// holding one of the thread pool's few threads, so two blocked writers can
/// starve the lock holder's COMMIT on a 2-core machine (DESIGN.md §2). Here
/// only one connection ever writes, and `busy_timeout` replaces that handler.
public final class SQLiteOrderFlowDatabase: OrderFlowDatabase {
    /// One connection and the thread it runs on.
    private struct Lane: Sendable {
        let connection: SQLiteConnection
        let executor: DedicatedThreadExecutor
        let sql: any SQLDatabase

        static func open(path: String, logger: Logger) async throws -> Lane {
            let executor = DedicatedThreadExecutor()
            do {
                let connection = try await SQLiteConnection.open(
                    storage: .file(path: path), threadPool: executor.pool, logger: logger,
                    on: MultiThreadedEventLoopGroup.singleton.any())
                return Lane(connection: connection, executor: executor, sql: connection.sql(queryLogLevel: .trace))
            } catch {
                await executor.shutdown()
                throw error
            }
        }

        func close() async {
            try? await connection.close()
            await executor.shutdown()
        }
    }

    public let engine = DatabaseEngine.sqlite
    public let path: String
    private let writerLane: Lane
    private let readerLanes: [Lane]
    private let writer: SQLiteWriter
    private let metrics = DatabaseMetrics(engine: .sqlite)
    private let nextReader = Mutex(0)
    private let closed = Mutex(false)

    private init(path: String, writer: Lane, readers: [Lane]) {
        self.path = path
        self.writerLane = writer
        self.readerLanes = readers
        self.writer = SQLiteWriter(database: writer.sql, executor: writer.executor, metrics: metrics)
    }

    /// Opens (creating if needed) the database file at `path`.
    public static func open(
        path: String, durability: SQLiteDurability = .full, readerCount: Int = 2, logger: Logger
    ) async throws -> SQLiteOrderFlowDatabase {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var lanes: [Lane] = []
        do {
            let writer = try await Lane.open(path: path, logger: logger)
            lanes.append(writer)
            // WAL lets readers run beside the writer; synchronous is ours to choose (sqlite-kit sets neither).
            try await writer.sql.raw("PRAGMA journal_mode = WAL").run()
            try await writer.sql.raw("PRAGMA synchronous = \(unsafeRaw: durability == .full ? "FULL" : "NORMAL")").run()
            try await configure(writer.sql)
            for _ in 0..<max(1, readerCount) {
                let reader = try await Lane.open(path: path, logger: logger)
                lanes.append(reader)
                try await configure(reader.sql)
                try await reader.sql.raw("PRAGMA query_only = ON").run()
            }
        } catch {
            for lane in lanes { await lane.close() }
            throw error
        }
        return SQLiteOrderFlowDatabase(path: path, writer: lanes[0], readers: Array(lanes.dropFirst()))
    }

    private static func configure(_ sql: any SQLDatabase) async throws {
        try await sql.raw("PRAGMA busy_timeout = 5000").run()
        try await sql.raw("PRAGMA foreign_keys = ON").run()
        // SQLite's default page cache is 2 MiB: with a few hundred thousand orders
        // the indexes no longer fit and every insert starts reading pages back.
        try await sql.raw("PRAGMA cache_size = -65536").run()
    }

    public func read<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let lane = readerLanes[
            nextReader.withLock { value in
                value = (value + 1) % readerLanes.count
                return value
            }]
        return try await metrics.timed(metrics.reads) {
            try await withTaskExecutorPreference(lane.executor) { try await work(lane.sql) }
        }
    }

    public func write<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writer.submit(work)
    }

    /// Writes a consistent copy of the whole database to `path` (which must
    /// not exist) with `VACUUM INTO`, while the server goes on: it reads one
    /// snapshot as any reader does in WAL mode, and blocks no writer. A plain
    /// copy of the file would miss what is still only in the WAL.
    public func snapshot(into path: String) async throws {
        // A connection of its own: the readers are query_only, which refuses
        // VACUUM INTO, and the writer's queue should not wait for a copy.
        let lane = try await Lane.open(path: self.path, logger: Logger(label: "orderflow.backup"))
        do {
            try await withTaskExecutorPreference(lane.executor) {
                try await lane.sql.raw("PRAGMA busy_timeout = 5000").run()
                try await lane.sql.raw("VACUUM INTO \(bind: path)").run()
            }
        } catch {
            await lane.close()
            throw error
        }
        await lane.close()
    }

    public func shutdown() async {
        let wasClosed = closed.withLock { value in
            defer { value = true }
            return value
        }
        guard !wasClosed else { return }
        for lane in readerLanes { await lane.close() }
        await writerLane.close()
    }
}

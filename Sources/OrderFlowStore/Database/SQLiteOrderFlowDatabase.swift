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
///
/// Why one writer: sqlite-nio's own busy handler retries forever while
/// holding one of the thread pool's few threads, so two blocked writers can
/// starve the lock holder's COMMIT on a 2-core machine (DESIGN.md §2). Here
/// only one connection ever writes, and `busy_timeout` replaces that handler.
public final class SQLiteOrderFlowDatabase: OrderFlowDatabase {
    public let engine = DatabaseEngine.sqlite
    public let path: String
    private let writerConnection: SQLiteConnection
    private let readerConnections: [SQLiteConnection]
    private let writer: SQLiteWriter
    private let readers: [any SQLDatabase]
    private let nextReader = Mutex(0)
    private let closed = Mutex(false)

    /// The writer's own thread, for its statements and its drain loop alike
    /// (see `DedicatedThreadExecutor`): never queued behind readers.
    private let writerExecutor: DedicatedThreadExecutor

    private init(
        path: String, writer: SQLiteConnection, writerExecutor: DedicatedThreadExecutor, readers: [SQLiteConnection],
        logger: Logger
    ) {
        self.path = path
        self.writerConnection = writer
        self.readerConnections = readers
        self.writer = SQLiteWriter(database: writer.sql(queryLogLevel: .trace), executor: writerExecutor)
        self.writerExecutor = writerExecutor
        self.readers = readers.map { $0.sql(queryLogLevel: .trace) }
    }

    /// Opens (creating if needed) the database file at `path`.
    public static func open(
        path: String, durability: SQLiteDurability = .full, readerCount: Int = 2, logger: Logger
    ) async throws -> SQLiteOrderFlowDatabase {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let writerExecutor = DedicatedThreadExecutor()
        let writer: SQLiteConnection
        do {
            writer = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: writerExecutor.pool, logger: logger,
                on: MultiThreadedEventLoopGroup.singleton.any())
        } catch {
            await writerExecutor.shutdown()
            throw error
        }
        do {
            let sql = writer.sql()
            // WAL lets readers run beside the writer; synchronous is ours to choose (sqlite-kit sets neither).
            try await sql.raw("PRAGMA journal_mode = WAL").run()
            try await sql.raw("PRAGMA synchronous = \(unsafeRaw: durability == .full ? "FULL" : "NORMAL")").run()
            try await configure(sql)
        } catch {
            try? await writer.close()
            await writerExecutor.shutdown()
            throw error
        }
        var readers: [SQLiteConnection] = []
        do {
            for _ in 0..<max(1, readerCount) {
                let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                readers.append(reader)
                try await configure(reader.sql())
                try await reader.sql().raw("PRAGMA query_only = ON").run()
            }
        } catch {
            for reader in readers { try? await reader.close() }
            try? await writer.close()
            await writerExecutor.shutdown()
            throw error
        }
        return SQLiteOrderFlowDatabase(
            path: path, writer: writer, writerExecutor: writerExecutor, readers: readers, logger: logger)
    }

    private static func configure(_ sql: any SQLDatabase) async throws {
        try await sql.raw("PRAGMA busy_timeout = 5000").run()
        try await sql.raw("PRAGMA foreign_keys = ON").run()
        // SQLite's default page cache is 2 MiB: with a few hundred thousand orders
        // the indexes no longer fit and every insert starts reading pages back.
        try await sql.raw("PRAGMA cache_size = -65536").run()
    }

    public func read<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let index = nextReader.withLock { value in
            value = (value + 1) % readers.count
            return value
        }
        return try await work(readers[index])
    }

    public func write<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writer.submit(work)
    }

    public func shutdown() async {
        let wasClosed = closed.withLock { value in
            defer { value = true }
            return value
        }
        guard !wasClosed else { return }
        for reader in readerConnections { try? await reader.close() }
        try? await writerConnection.close()
        await writerExecutor.shutdown()
    }
}

import SQLKit

/// Which SQL engine is behind a database. Almost all SQL here is shared;
/// the few places that differ (locking, triggers) branch on this.
public enum DatabaseEngine: String, Sendable {
    case sqlite
    case postgres
}

/// The one door to the database for the layers above (DESIGN.md §1).
///
/// Work is a closure over an `SQLDatabase` so that repositories stay plain
/// static functions taking the database, testable on either engine.
/// A `write` is one transaction: it commits when the closure returns and
/// rolls back when it throws. A closure must not call `read` or `write`
/// itself, and must only talk to the database: it may share its commit
/// with other writers, and may then be run a second time when one of them
/// fails (see `SQLiteWriter`).
public protocol OrderFlowDatabase: Sendable {
    var engine: DatabaseEngine { get }
    @discardableResult
    func read<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    @discardableResult
    func write<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// A single statement that commits by itself, outside any transaction:
    /// one round trip instead of three on PostgreSQL. On SQLite it is an
    /// ordinary write.
    @discardableResult
    func autocommit<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Closes every connection; call once on graceful shutdown.
    func shutdown() async
}

/// Failures of the storage layer that callers act on.
public enum StoreError: Error, Equatable, Sendable {
    /// A row changed since it was read (optimistic concurrency).
    case staleVersion
    /// A unique key already exists (idempotency races, duplicate platform orders).
    case duplicateKey(String)
    /// A stored value could not be read back: corruption or a bug, never user input.
    case corruptRow(String)
    case unreachable(String)
}

extension OrderFlowDatabase {
    public func autocommit<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws
        -> T
    { try await write(work) }

    /// Whether the database answers: what `/ready` reports.
    public func ping() async throws {
        try await read { try await $0.raw("SELECT 1").run() }
    }
}

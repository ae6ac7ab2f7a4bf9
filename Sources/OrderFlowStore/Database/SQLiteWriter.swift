import Logging
import SQLKit

/// Serialises every write to one SQLite connection and commits concurrent
/// writes together (group commit).
///
/// Why: SQLite has one writer at a time, and with `synchronous=FULL` each
/// commit costs an fsync. Writers that arrive while a commit is under way
/// queue up and go into the next transaction together, so they share one
/// fsync. Nobody is answered before their write is durable.
///
/// A write that throws must not take the others down with it. Rather than a
/// savepoint around every write (two more statements on the hot path), the
/// batch runs optimistically; if any write throws, the transaction is rolled
/// back and each write of the batch runs again in a transaction of its own.
/// Write closures therefore may run more than once, which is why they must
/// only talk to the database (see `OrderFlowDatabase`).
actor SQLiteWriter {
    private struct PendingWrite {
        let work: @Sendable (any SQLDatabase) async throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private let database: any SQLDatabase
    private let maxBatch: Int
    private var pending: [PendingWrite] = []
    private var draining = false

    init(database: any SQLDatabase, maxBatch: Int = 64) {
        self.database = database
        self.maxBatch = maxBatch
    }

    func submit<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<any Sendable, any Error>) in
            pending.append(PendingWrite(work: { try await work($0) }, continuation: continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
        guard let typed = value as? T else { throw StoreError.corruptRow("write returned an unexpected type") }
        return typed
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            do {
                let results = try await commit(batch)
                for (write, result) in zip(batch, results) { write.continuation.resume(with: result) }
            } catch {
                try? await database.raw("ROLLBACK").run()
                for write in batch { write.continuation.resume(throwing: error) }
            }
        }
        draining = false
    }

    private func commit(_ batch: [PendingWrite]) async throws -> [Result<any Sendable, any Error>] {
        if batch.count == 1 { return [try await runAlone(batch[0])] }
        try await database.raw("BEGIN IMMEDIATE").run()
        var values: [any Sendable] = []
        for write in batch {
            do {
                values.append(try await write.work(database))
            } catch {
                try await database.raw("ROLLBACK").run()
                var results: [Result<any Sendable, any Error>] = []
                for write in batch { results.append(try await runAlone(write)) }
                return results
            }
        }
        try await database.raw("COMMIT").run()
        return values.map { .success($0) }
    }

    /// One write in its own transaction; its failure is its own.
    private func runAlone(_ write: PendingWrite) async throws -> Result<any Sendable, any Error> {
        try await database.raw("BEGIN IMMEDIATE").run()
        do {
            let value = try await write.work(database)
            try await database.raw("COMMIT").run()
            return .success(value)
        } catch {
            try await database.raw("ROLLBACK").run()
            return .failure(error)
        }
    }
}

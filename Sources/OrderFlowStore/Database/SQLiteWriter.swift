import Logging
import Metrics
import NIOCore
import NIOPosix
import SQLKit
import Synchronization

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
///
/// The drain loop runs on a thread of its own (`DedicatedThreadExecutor`):
/// between two statements the writer resumes there at once, instead of
/// queueing behind every request's JSON work on the shared cooperative pool,
/// which measured as most of an order's latency.
final class SQLiteWriter: Sendable {
    private struct PendingWrite: Sendable {
        let work: @Sendable (any SQLDatabase) async throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private struct Queue {
        var pending: [PendingWrite] = []
        var draining = false
    }

    private let database: any SQLDatabase
    private let maxBatch: Int
    private let executor: DedicatedThreadExecutor
    private let queue = Mutex(Queue())
    private let metrics: DatabaseMetrics

    init(database: any SQLDatabase, executor: DedicatedThreadExecutor, metrics: DatabaseMetrics, maxBatch: Int = 64) {
        self.database = database
        self.executor = executor
        self.metrics = metrics
        self.maxBatch = maxBatch
    }

    func submit<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<any Sendable, any Error>) in
            let startDrain = queue.withLock { queue in
                queue.pending.append(PendingWrite(work: { try await work($0) }, continuation: continuation))
                metrics.writerQueue.record(queue.pending.count)
                guard !queue.draining else { return false }
                queue.draining = true
                return true
            }
            if startDrain { Task(executorPreference: executor) { await self.drain() } }
        }
        guard let typed = value as? T else { throw StoreError.corruptRow("write returned an unexpected type") }
        return typed
    }

    private func drain() async {
        while true {
            let batch = queue.withLock { queue -> [PendingWrite] in
                let batch = Array(queue.pending.prefix(maxBatch))
                queue.pending.removeFirst(batch.count)
                metrics.writerQueue.record(queue.pending.count)
                if batch.isEmpty { queue.draining = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            metrics.batchSize.record(batch.count)
            do {
                let results = try await metrics.timed(metrics.writes) { try await commit(batch) }
                for (write, result) in zip(batch, results) { write.continuation.resume(with: result) }
            } catch {
                try? await database.raw("ROLLBACK").run()
                for write in batch { write.continuation.resume(throwing: error) }
            }
        }
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

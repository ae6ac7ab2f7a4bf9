import Metrics

/// What the database layer tells swift-metrics (the server serves it at
/// `/metrics`): how long each transaction takes, and for SQLite's one
/// writer how many writes wait and how many share a commit. Made when the
/// database opens, so after the server has chosen its metrics backend.
struct DatabaseMetrics: Sendable {
    let reads: Timer
    let writes: Timer
    /// SQLite: writes waiting for the writer (group commit's queue).
    let writerQueue: Gauge
    /// SQLite: writes committed together in one transaction.
    let batchSize: Recorder

    init(engine: DatabaseEngine) {
        reads = Timer(
            label: "orderflow_db_transaction_seconds", dimensions: [("engine", engine.rawValue), ("kind", "read")])
        writes = Timer(
            label: "orderflow_db_transaction_seconds", dimensions: [("engine", engine.rawValue), ("kind", "write")])
        writerQueue = Gauge(label: "orderflow_sqlite_writer_queue_depth")
        batchSize = Recorder(label: "orderflow_sqlite_commit_batch_size", aggregate: true)
    }

    /// Runs `work` and records how long it took on `timer`, also when it throws.
    func timed<T>(_ timer: Timer, _ work: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        defer {
            let elapsed = (ContinuousClock.now - start).components
            timer.recordNanoseconds(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
        }
        return try await work()
    }
}

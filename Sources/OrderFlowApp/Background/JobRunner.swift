import Foundation
import Logging
import Metrics
import OrderFlowCore
import OrderFlowStore
import ServiceLifecycle
import Synchronization

/// The one background-work runner (issue 15): every named job of every
/// instance goes through it. A run happens only after the instance takes
/// the job's lease row (`BackgroundJobRecords.take`, one conditional
/// update), so with several instances on PostgreSQL each run happens once;
/// a lease not renewed runs out and another instance takes the job over.
/// A graceful shutdown cuts the waits short and lets a running job finish.
/// Per job it counts runs and failures and times them (swift-metrics:
/// `orderflow_job_runs_total{job,outcome}`, `orderflow_job_duration_seconds{job}`).
public struct JobRunner: Service {
    let database: any OrderFlowDatabase
    let environment: AppEnvironment
    let logger: Logger
    public let jobs: [BackgroundJob]
    /// This instance, as it signs the leases it holds.
    public let holder: String
    let metrics: any MetricsFactory
    /// How often an idle runner looks whether a job fell due (another
    /// instance may have run it meanwhile).
    public var poll: Duration
    /// The jobs whose rows this runner has made sure of.
    private let registered = RegisteredJobs()

    public init(
        database: any OrderFlowDatabase, environment: AppEnvironment = .live, logger: Logger, jobs: [BackgroundJob],
        holder: String = "instance-\(UUID().uuidString.prefix(8).lowercased())",
        metrics: any MetricsFactory = MetricsSystem.factory, poll: Duration = .seconds(1)
    ) {
        self.database = database
        self.environment = environment
        self.logger = logger
        self.jobs = jobs
        self.holder = holder
        self.metrics = metrics
        self.poll = poll
    }

    public func run() async throws {
        logger.info("Background jobs started", metadata: ["jobs": "\(jobs.map(\.name))", "holder": "\(holder)"])
        await withDiscardingTaskGroup { group in
            for job in jobs { group.addTask { await loop(job) } }
        }
        logger.info("Background jobs stopped")
    }

    private func loop(_ job: BackgroundJob) async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await turn(job)
            } catch {
                logger.error("Background job's lease failed", metadata: ["job": "\(job.name)", "error": "\(error)"])
            }
            let wait = min(poll, job.interval)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
        }
    }

    /// One turn of a job: runs it when it is due and this instance gets its
    /// lease; true when it ran. The tests' way to drive a job step by step.
    @discardableResult
    public func turn(_ job: BackgroundJob) async throws -> Bool {
        let now = environment.now()
        let holder = self.holder
        // Registered once per runner (a job added by a new version gets its row on the first start).
        if !registered.isRegistered(job.name) {
            try await database.write { try await BackgroundJobRecords.register(job.name, now: now, on: $0) }
            registered.add(job.name)
        }
        // Most polls find the job not due or leased elsewhere: a read says so without a write.
        guard
            try await database.read({
                try await BackgroundJobRecords.mayTake(job.name, holder: holder, now: now, on: $0)
            }),
            try await database.write({ db in
                try await BackgroundJobRecords.take(
                    job.name, holder: holder, now: now, leaseUntil: now.addingTimeInterval(job.lease.seconds), on: db)
            })
        else { return false }
        let started = ContinuousClock.now
        var failure: String?
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await job.work() }
                group.addTask { try await keepLease(job) }
                // The work decides when the turn ends; the lease keeper stops with it.
                try await group.next()
                group.cancelAll()
            }
        } catch {
            failure = String(describing: error)
            logger.error("Background job failed", metadata: ["job": "\(job.name)", "error": "\(failure ?? "")"])
        }
        let elapsed = ContinuousClock.now - started
        let outcome = failure == nil ? "ok" : "failed"
        Counter(
            label: "orderflow_job_runs_total", dimensions: [("job", job.name), ("outcome", outcome)], factory: metrics
        ).increment()
        let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        Metrics.Timer(label: "orderflow_job_duration_seconds", dimensions: [("job", job.name)], factory: metrics)
            .recordNanoseconds(nanoseconds)
        let finished = environment.now()
        let error = failure
        try await database.write { db in
            try await BackgroundJobRecords.finish(
                job.name, holder: holder, at: finished, nextDue: finished.addingTimeInterval(job.interval.seconds),
                error: error, on: db)
        }
        return true
    }

    /// Renews the lease at a third of its length while the work runs.
    private func keepLease(_ job: BackgroundJob) async throws {
        let holder = self.holder
        while true {
            try await Task.sleep(for: job.lease / 3)
            let until = environment.now().addingTimeInterval(job.lease.seconds)
            let kept = try await database.write { db in
                try await BackgroundJobRecords.renew(job.name, holder: holder, leaseUntil: until, on: db)
            }
            if !kept { logger.warning("Background job's lease was taken over", metadata: ["job": "\(job.name)"]) }
        }
    }

    /// Each job's schedule, lease and last outcome, as stored.
    public func states() async throws -> [BackgroundJobState] {
        try await database.read { try await BackgroundJobRecords.all(on: $0) }
    }
}

/// The names of the jobs a runner has registered, shared by its copies.
private final class RegisteredJobs: Sendable {
    private let names = Mutex<Set<String>>([])

    func isRegistered(_ name: String) -> Bool { names.withLock { $0.contains(name) } }
    func add(_ name: String) { _ = names.withLock { $0.insert(name) } }
}

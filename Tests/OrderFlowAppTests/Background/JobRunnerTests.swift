import Foundation
import MetricsTestKit
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Synchronization
import Testing

/// Issue 15: one runner for every background job, with a lease per job.
@Suite("The background-work runner")
struct JobRunnerTests {
    /// Counts the runs of a job's work.
    final class Runs: Sendable {
        let count = Mutex(0)
        func add() { count.withLock { $0 += 1 } }
        var total: Int { count.withLock { $0 } }
    }

    static func job(_ runs: Runs, interval: Duration = .seconds(60), fails: Bool = false) -> BackgroundJob {
        BackgroundJob(name: "example", interval: interval, lease: .seconds(30)) {
            runs.add()
            // Long enough for a second instance to ask while this one runs.
            try await Task.sleep(for: .milliseconds(200))
            if fails { throw CocoaError(.fileNoSuchFile) }
        }
    }

    @Test("two instances asking at once: one runs the job, the next run waits for its interval")
    func oneRunAcrossInstances() async throws {
        let clock = TestClock()
        let runs = Runs()
        let body: @Sendable (any OrderFlowDatabase, any OrderFlowDatabase) async throws -> Void = { first, second in
            let a = JobRunner(database: first, environment: clock.environment, logger: TestDatabase.logger, jobs: [])
            let b = JobRunner(database: second, environment: clock.environment, logger: TestDatabase.logger, jobs: [])
            let job = Self.job(runs)
            async let ranA = a.turn(job)
            async let ranB = b.turn(job)
            let ran = try await [ranA, ranB]
            #expect(ran.filter { $0 }.count == 1)
            #expect(runs.total == 1)
            // Not due again until its interval has passed.
            let againA = try await a.turn(job)
            let againB = try await b.turn(job)
            #expect(!againA && !againB)
            clock.advance(by: 61)
            #expect(try await b.turn(job))
            #expect(runs.total == 2)
            let state = try #require(try await a.states().first)
            #expect(state.runs == 2 && state.holder == nil && state.failures == 0)
        }
        if TestEngine.available.contains(.postgres) {
            try await TestDatabase.withTwoPostgresInstances(body)
        } else {
            try await TestDatabase.with(.sqlite) { try await body($0, $0) }
        }
    }

    @Test(
        "a run killed half-way: its lease runs out and another instance takes the job over",
        arguments: TestEngine.available)
    func takenOverAfterACrash(_ engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let clock = TestClock()
            let runs = Runs()
            // Instance "gone" took the job and died before finishing it.
            let taken = try await database.write { db in
                try await BackgroundJobRecords.register("example", now: clock.now, on: db)
                return try await BackgroundJobRecords.take(
                    "example", holder: "gone", now: clock.now, leaseUntil: clock.now.addingTimeInterval(30), on: db)
            }
            #expect(taken)
            let other = JobRunner(
                database: database, environment: clock.environment, logger: TestDatabase.logger, jobs: [],
                holder: "other")
            #expect(try await !other.turn(Self.job(runs)))
            clock.advance(by: 31)
            #expect(try await other.turn(Self.job(runs)))
            #expect(runs.total == 1)
            let state = try #require(try await other.states().first)
            #expect(state.holder == nil && state.runs == 1)
            // The dead holder cannot end the run the other one did.
            let late = try await database.write { db in
                try await BackgroundJobRecords.finish(
                    "example", holder: "gone", at: clock.now, nextDue: clock.now, error: nil, on: db)
            }
            #expect(!late)
        }
    }

    @Test("each run is counted and timed per job, failures apart", arguments: TestEngine.available)
    func metricsPerJob(_ engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let clock = TestClock()
            let metrics = TestMetrics()
            let runner = JobRunner(
                database: database, environment: clock.environment, logger: TestDatabase.logger, jobs: [],
                metrics: metrics)
            let runs = Runs()
            #expect(try await runner.turn(Self.job(runs, fails: true)))
            clock.advance(by: 61)
            #expect(try await runner.turn(Self.job(runs)))
            let ok = try metrics.expectCounter("orderflow_job_runs_total", [("job", "example"), ("outcome", "ok")])
            let failed = try metrics.expectCounter(
                "orderflow_job_runs_total", [("job", "example"), ("outcome", "failed")])
            #expect(ok.totalValue == 1 && failed.totalValue == 1)
            let timer = try metrics.expectTimer("orderflow_job_duration_seconds", [("job", "example")])
            #expect(timer.values.count == 2 && timer.values.allSatisfy { $0 >= 200_000_000 })
            let state = try #require(try await runner.states().first)
            #expect(state.runs == 2 && state.failures == 1 && state.lastError == nil)
        }
    }
}

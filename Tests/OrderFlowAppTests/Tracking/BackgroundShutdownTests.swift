import Foundation
import Logging
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import ServiceLifecycle
import Testing

@Suite("Background jobs stop on a graceful shutdown")
struct BackgroundShutdownTests {
    @Test("R4.5 B3 the deadline monitor and the notifier stop on the signal, not at the end of their two-minute wait")
    func gracefulShutdown() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await Fixtures.seed(database)
            _ = try await Fixtures.intake(database).createOrder(Fixtures.draft(), by: Fixtures.agent)
            let monitor = DeadlineMonitor(database: database, logger: TestDatabase.logger, interval: .seconds(120))
            let notifier = Notifier(
                database: database, logger: TestDatabase.logger, transports: NotificationTransports(),
                publicBaseURL: "https://orderflow.example.com", interval: .seconds(120))
            let runner = JobRunner(
                database: database, logger: TestDatabase.logger, jobs: [monitor.job(), notifier.job()],
                poll: .seconds(120))
            let group = ServiceGroup(configuration: .init(services: [runner], logger: TestDatabase.logger))
            let elapsed = try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                // Both have done a round (the order is checked and its notice expanded) and now wait 2 minutes.
                for _ in 0..<300 {
                    let states = try await runner.states()
                    if states.count == 2 && states.allSatisfy({ $0.runs >= 1 }) { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                let asked = ContinuousClock.now
                await group.triggerGracefulShutdown()
                try await tasks.next()
                return ContinuousClock.now - asked
            }
            // Not a timing test: the bound only tells "cut short" from "waited out the 2 minutes",
            // with room for a round still running on a loaded machine.
            #expect(elapsed < .seconds(60))
            let watched = try await database.read { try await StageWatchRecords.counts(dueBy: Fixtures.now, on: $0) }
            #expect(watched.watched == 1 && watched.due == 0)
            let pending = try await database.read { try await NotificationOutboxRecords.anyPending(on: $0) }
            #expect(!pending)
        }
    }
}

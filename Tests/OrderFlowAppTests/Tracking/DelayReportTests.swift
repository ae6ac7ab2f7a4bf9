import Foundation
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowApp

@Suite("Tracking: the delay report (R4.6)")
struct DelayReportTests {
    @Test("R4.6 overdue stages of a period, by cause and by stage, from the alerts and what their handlers said")
    func report() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let world = try await DispatchFixtures.seed(database)
            for index in 0..<3 { _ = try await world.confirmedOrder(phone: "1381234567\(index)") }
            let clock = TestClock(Fixtures.shanghai(daysAfterNow: 0, hour: 12, minute: 30))
            let raised = try await DeadlineMonitor(
                database: database, environment: clock.environment, logger: TestDatabase.logger
            ).scan().raised
            #expect(raised.count == 3)
            let tracking = TrackingService(
                database: database, environment: clock.environment, logger: TestDatabase.logger)
            _ = try await tracking.acknowledgeAlert(raised[0].id, cause: .understaffed, by: DispatchFixtures.dispatcher)
            _ = try await tracking.acknowledgeAlert(raised[1].id, cause: .understaffed, by: DispatchFixtures.dispatcher)
            let day = Fixtures.shanghai(daysAfterNow: 0, hour: 0)
            let byCause = try await tracking.delayReport(
                from: day, to: day.addingTimeInterval(86_400), by: .cause, caller: DispatchFixtures.manager)
            #expect(byCause.lateStages == 3)
            #expect(byCause.rows.map(\.key) == ["understaffed", DelayAnalysis.none])
            #expect(byCause.rows.map(\.lateStages) == [2, 1])
            // Still late at 12:30: thirty minutes past the 12:00 deadline each.
            #expect(byCause.rows[0].totalMinutes == 60)
            #expect(byCause.label("understaffed", in: .zhHans) == "人手不足")
            let byStage = try await tracking.delayReport(
                from: day, to: day.addingTimeInterval(86_400), by: .stage, caller: DispatchFixtures.manager)
            #expect(byStage.rows.map(\.key) == ["dispatch"])
            #expect(byStage.label("dispatch", in: .en) == "Dispatch")
            let yesterday = try await tracking.delayReport(
                from: day.addingTimeInterval(-86_400), to: day, by: .stage, caller: DispatchFixtures.manager)
            #expect(yesterday.lateStages == 0)
            await #expect(throws: AppError.notAllowed) {
                try await tracking.delayReport(
                    from: day, to: day.addingTimeInterval(86_400), by: .stage, caller: DispatchFixtures.dispatcher)
            }
            await #expect(throws: AppError.self) {
                try await tracking.delayReport(from: day, to: day, by: .stage, caller: DispatchFixtures.manager)
            }
            let elsewhere = try await tracking.delayReport(
                from: day, to: day.addingTimeInterval(86_400), by: .stage,
                caller: Fixtures.caller(.storeManager, stores: ["BJ01"]))
            #expect(elsewhere.lateStages == 0)
        }
    }
}

import Foundation
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@Suite("Tracking: an order's stage against its time limit (R4.1, R4.4)")
struct StageStatusTests {
    @Test("R4.4 dispatch is due two business hours after confirmation, then warns, then is overdue")
    func dispatchClock() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder()
            let (_, timeline, _) = try await Fixtures.intake(database).timeline(order.number, by: Fixtures.agent)
            func status(at hour: Int, _ minute: Int = 0) -> StageStatus? {
                StageStatus.of(
                    order, timeline: timeline, store: Fixtures.store,
                    now: Fixtures.shanghai(daysAfterNow: 0, hour: hour, minute: minute))
            }
            #expect(status(at: 10)?.stage == .dispatch)
            #expect(status(at: 10)?.deadline == Fixtures.shanghai(daysAfterNow: 0, hour: 12))
            #expect(status(at: 11, 30)?.state == .onTime)
            #expect(status(at: 11, 40)?.state == .warning)
            #expect(status(at: 12)?.state == .overdue)
        }
    }
}

import Foundation
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@Suite("Tracking: pausing a stage clock while the order waits on the customer (R4.4)")
struct StageClockPauseTests {
    static func tracking(_ database: any OrderFlowDatabase, at hour: Int) -> TrackingService {
        TrackingService(
            database: database, environment: .at { Fixtures.shanghai(daysAfterNow: 0, hour: hour) },
            logger: TestDatabase.logger)
    }

    @Test(
        "R4.4 paused with a reason, the deadline moves by the pause; pausing twice or resuming a running clock is 409",
        arguments: TestEngine.available)
    func pauseAndResume(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder()
            let dispatcher = DispatchFixtures.dispatcher
            await #expect(throws: AppError.self) {
                try await Self.tracking(database, at: 11).pauseClock(order.number, reason: " ", by: dispatcher)
            }
            let paused = try await Self.tracking(database, at: 11).pauseClock(
                order.number, reason: "客户要求等报价确认", by: dispatcher)
            #expect(paused.stage == .dispatch)
            #expect(paused.deadline == nil)
            #expect(paused.pauseReason == "客户要求等报价确认")
            await #expect(throws: AppError.self) {
                try await Self.tracking(database, at: 12).pauseClock(order.number, reason: "again", by: dispatcher)
            }
            // Paused 11:00–14:00: the 12:00 deadline moves to 15:00.
            let resumed = try await Self.tracking(database, at: 14).resumeClock(order.number, by: dispatcher)
            #expect(resumed.deadline == Fixtures.shanghai(daysAfterNow: 0, hour: 15))
            #expect(resumed.pausedSince == nil)
            await #expect(throws: AppError.self) {
                try await Self.tracking(database, at: 15).resumeClock(order.number, by: dispatcher)
            }
            let events = try await database.read { try await EventLog.events(of: order.id, on: $0) }
            #expect(
                events.suffix(2).map(\.type) == [
                    OrderEventType.clockPaused.rawValue, OrderEventType.clockResumed.rawValue,
                ])
        }
    }

    @Test("R4.4 who may pause: store staff for their stores, technicians for their own jobs only")
    func whoMayPause() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder()
            let tracking = Self.tracking(database, at: 11)
            await #expect(throws: AppError.notAllowed) {
                try await tracking.pauseClock(
                    order.number, reason: "等客户", by: Fixtures.caller(.finance, stores: ["SH01"]))
            }
            await #expect(throws: AppError.orderNotFound(order.number)) {
                try await tracking.pauseClock(
                    order.number, reason: "等客户", by: Fixtures.caller(.receptionist, stores: ["BJ01"]))
            }
            await #expect(throws: AppError.orderNotFound(order.number)) {
                try await tracking.pauseClock(order.number, reason: "等客户", by: world.technician("sh.tech1"))
            }
            _ = try await world.dispatch().assign(
                order.number, AssignmentRequest(target: .technician(world.member("sh.tech1").id), reason: "熟客"),
                ifMatch: nil, by: DispatchFixtures.dispatcher)
            let own = try await tracking.pauseClock(
                order.number, reason: "客户电话未接，稍后再联系", by: world.technician("sh.tech1"))
            #expect(own.stage == .customerContact)
        }
    }
}

import Foundation
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import SQLKit
import Synchronization
import Testing

@testable import OrderFlowApp

/// The deadline monitor against a real database and an injected clock. A
/// confirmed fixture order enters dispatch on Tuesday 10:00: warning 11:36,
/// deadline 12:00, escalation 13:00 (120 business minutes, 80 %, +60).
@Suite("Tracking: the deadline monitor (R4.4, R4.5)")
struct DeadlineMonitorTests {
    static func at(_ hour: Int, _ minute: Int = 0) -> Date {
        Fixtures.shanghai(daysAfterNow: 0, hour: hour, minute: minute)
    }

    static func monitor(_ database: any OrderFlowDatabase, _ clock: TestClock, batchSize: Int = 200)
        -> DeadlineMonitor
    {
        DeadlineMonitor(
            database: database, environment: clock.environment, logger: TestDatabase.logger, batchSize: batchSize)
    }

    static func alerts(_ database: any OrderFlowDatabase) async throws -> [StageAlert] {
        try await database.read {
            try await StageAlertRecords.list(stores: nil, since: .distantPast, openOnly: false, limit: 1000, on: $0)
        }
    }

    @Test("R4.5 warning, overdue and escalation each raised once, at their instants", arguments: TestEngine.available)
    func raisedOnceEach(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder()
            let clock = TestClock(Self.at(10))
            let monitor = Self.monitor(database, clock)
            #expect(try await monitor.scan().raised.isEmpty)
            clock.advance(by: 95 * 60)  // 11:35
            #expect(try await monitor.scan().raised.isEmpty)
            clock.advance(by: 60)  // 11:36
            let warning = try await monitor.scan().raised
            #expect(warning.map(\.kind) == [.warning])
            #expect(warning.first?.stage == .dispatch)
            #expect(warning.first?.orderNumber == order.number)
            #expect(warning.first?.audience == AlertAudience(roles: [.dispatcher]))
            #expect(try await monitor.scan().raised.isEmpty)
            clock.advance(by: 24 * 60)  // 12:00
            #expect(try await monitor.scan().raised.map(\.kind) == [.overdue])
            clock.advance(by: 59 * 60)  // 12:59
            #expect(try await monitor.scan().raised.isEmpty)
            clock.advance(by: 60)  // 13:00
            let escalated = try await monitor.scan().raised
            #expect(escalated.map(\.kind) == [.escalated])
            #expect(escalated.first?.audience == AlertAudience(roles: [.storeManager]))
            #expect(escalated.first?.dueAt == Self.at(13))
            clock.advance(by: 3 * 3600)
            #expect(try await monitor.scan().raised.isEmpty)
            #expect(try await Self.alerts(database).count == 3)
        }
    }

    @Test(
        "R4.4 intake counts a new order's first deadline as the monitor would, so the monitor need not read it back",
        arguments: TestEngine.available)
    func firstDeadlineCountedAtIntake(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder()
            let watch: @Sendable () async throws -> [String?] = {
                try await database.read { db in
                    let row = try await db.raw(
                        """
                        SELECT CAST(next_check_at AS TEXT) AS next, stage, CAST(deadline_at AS TEXT) AS deadline
                        FROM stage_watch WHERE order_id = \(bind: order.id.uuidString)
                        """
                    ).first()
                    return try [
                        row?.decode(column: "next", as: String?.self), row?.decode(column: "stage", as: String?.self),
                        row?.decode(column: "deadline", as: String?.self),
                    ]
                }
            }
            let atIntake = try await watch()
            #expect(atIntake[1] == TrackingStage.dispatch.rawValue)
            #expect(atIntake[2] == String(Self.at(12).epochMilliseconds))
            let clock = TestClock(Self.at(10))
            let monitor = Self.monitor(database, clock)
            #expect(try await monitor.scan().checked == 0)
            // Counted by the monitor instead: the same row.
            try await database.write {
                try await StageWatchRecords.markChanged(orderID: order.id, at: clock.now, on: $0)
            }
            #expect(try await monitor.scan().checked == 1)
            #expect(try await watch() == atIntake)
            // Counted with limits or a calendar that changed before the write: due at once instead.
            let engine = database.engine
            try await database.write { db in
                try await StageWatchRecords.remove(orderID: order.id, on: db)
                let version = try await SettingsRecords.referenceVersion(on: db)
                try await StageWatchRecords.start(
                    orderID: order.id, nextCheck: Self.at(11, 36), stage: .dispatch, deadline: Self.at(12),
                    counted: .init(referenceVersion: version - 1, engine: engine), at: clock.now, on: db)
            }
            #expect(try await watch()[0] == "0")
            #expect(try await monitor.scan().checked == 1)
            #expect(try await watch() == atIntake)
        }
    }

    @Test("R4.5 an overdue alert acknowledged in time is not escalated")
    func acknowledgedIsNotEscalated() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let world = try await DispatchFixtures.seed(database)
            _ = try await world.confirmedOrder()
            let clock = TestClock(Self.at(12))
            let monitor = Self.monitor(database, clock)
            let overdue = try #require(try await monitor.scan().raised.first)
            #expect(overdue.kind == .overdue)
            let tracking = TrackingService(
                database: database, environment: clock.environment, logger: TestDatabase.logger)
            let acknowledged = try await tracking.acknowledgeAlert(overdue.id, by: DispatchFixtures.dispatcher)
            #expect(acknowledged.acknowledgedBy == DispatchFixtures.dispatcher.actor.description)
            clock.advance(by: 2 * 3600)
            #expect(try await monitor.scan().raised.isEmpty)
            #expect(try await tracking.alerts(by: DispatchFixtures.dispatcher).isEmpty)
        }
    }

    @Test("R4.5 a scan killed half-way raises no duplicate and misses no alert", arguments: TestEngine.available)
    func killedMidScan(engine: TestEngine) async throws {
        struct Killed: Error {}
        try await TestDatabase.with(engine) { database in
            let world = try await DispatchFixtures.seed(database)
            for index in 0..<7 { _ = try await world.confirmedOrder(phone: "1381234560\(index)") }
            let clock = TestClock(Self.at(12, 30))
            var dying = Self.monitor(database, clock, batchSize: 3)
            // Dies on the second order of its second batch: only the first batch is committed.
            let checked = Mutex(0)
            dying.afterEachOrder = { _ in
                let total = checked.withLock { count in
                    count += 1
                    return count
                }
                if total == 5 { throw Killed() }
            }
            await #expect(throws: Killed.self) { try await dying.scan() }
            #expect(try await Self.alerts(database).count == 3)
            clock.advance(by: 5)
            let restarted = try await Self.monitor(database, clock).scan()
            #expect(restarted.raised.count == 4)
            let all = try await Self.alerts(database)
            #expect(all.count == 7)
            #expect(Set(all.map(\.orderID)).count == 7)
            #expect(all.allSatisfy { $0.kind == .overdue })
            #expect(try await Self.monitor(database, clock).scan().raised.isEmpty)
        }
    }

    @Test("R4.5 two instances sharing PostgreSQL raise one alert per breach")
    func twoInstances() async throws {
        guard TestEngine.available.contains(.postgres) else { return }
        try await TestDatabase.withTwoPostgresInstances { first, second in
            let world = try await DispatchFixtures.seed(first)
            for index in 0..<40 { _ = try await world.confirmedOrder(phone: "138123456\(10 + index)") }
            let clock = TestClock(Self.at(13, 30))
            async let one = Self.monitor(first, clock, batchSize: 5).scan()
            async let two = Self.monitor(second, clock, batchSize: 5).scan()
            let (a, b) = try await (one, two)
            // Each order: one overdue alert and one escalation, from one monitor or the other.
            #expect(a.raised.count + b.raised.count == 80)
            let stored = try await Self.alerts(first)
            #expect(stored.count == 80)
            #expect(Set(stored.map { "\($0.orderID)-\($0.kind)" }).count == 80)
        }
    }

    @Test("R4.4 the next stage starts its own clock: assignment resolves the dispatch alerts")
    func nextStage() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder()
            let clock = TestClock(Self.at(12, 10))
            let monitor = Self.monitor(database, clock)
            #expect(try await monitor.scan().raised.map(\.kind) == [.overdue])
            _ = try await world.dispatch(at: clock.now).assign(
                order.number, AssignmentRequest(target: .technician(world.member("sh.tech1").id), reason: "熟客"),
                ifMatch: nil, by: DispatchFixtures.dispatcher)
            #expect(try await monitor.scan().raised.isEmpty)
            let dispatchAlert = try #require(try await Self.alerts(database).first)
            #expect(dispatchAlert.resolvedAt == clock.now)
            // Contact: 120 minutes from 12:10 → warning at 13:46, addressed to the technician too.
            clock.advance(by: 96 * 60)
            let warning = try #require(try await monitor.scan().raised.first)
            #expect(warning.stage == .customerContact)
            #expect(warning.audience.staffIDs == [world.member("sh.tech1").id])
            let tracking = TrackingService(
                database: database, environment: clock.environment, logger: TestDatabase.logger)
            #expect(try await tracking.alerts(by: world.technician("sh.tech1")).map(\.id) == [warning.id])
            #expect(try await tracking.alerts(by: world.technician("sh.tech2")).isEmpty)
            // The dispatch board shows the job's running stage and its state.
            let board = try await world.dispatch(at: clock.now).board(
                storeCode: "SH01", day: LocalDate(year: 2026, month: 12, day: 2), by: DispatchFixtures.dispatcher)
            let job = try #require(board.lanes.flatMap(\.jobs).first { $0.order.order.id == order.id })
            #expect(job.stage?.stage == .customerContact)
            #expect(job.stage?.state == .warning)
        }
    }

    @Test("R4.4 a paused clock raises nothing; new limits move every deadline at once")
    func pausesAndPolicy() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder()
            let clock = TestClock(Self.at(10, 30))
            let monitor = Self.monitor(database, clock)
            let tracking = TrackingService(
                database: database, environment: clock.environment, logger: TestDatabase.logger)
            _ = try await tracking.pauseClock(order.number, reason: "等客户确认报价", by: DispatchFixtures.dispatcher)
            clock.advance(by: 4 * 3600)
            #expect(try await monitor.scan().raised.isEmpty)
            _ = try await tracking.resumeClock(order.number, by: DispatchFixtures.dispatcher)
            // 30 minutes used before the pause: 90 left from 14:30, warning at 15:36.
            #expect(try await monitor.scan().raised.isEmpty)
            var policy = TimeLimitPolicy()
            // 20 minutes: already used up at 10:20, before the pause.
            policy.defaults[.dispatch] = 20
            _ = try await tracking.updateTimeLimits(policy, by: Fixtures.administrator)
            #expect(try await monitor.scan().raised.map(\.kind) == [.overdue])
        }
    }

    @Test("R4.5 alerts reach the people responsible and no one else")
    func audience() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let world = try await DispatchFixtures.seed(database)
            _ = try await world.confirmedOrder()
            let clock = TestClock(Self.at(13, 30))
            let raised = try await Self.monitor(database, clock).scan().raised
            #expect(Set(raised.map(\.kind)) == [.overdue, .escalated])
            let tracking = TrackingService(
                database: database, environment: clock.environment, logger: TestDatabase.logger)
            #expect(try await tracking.alerts(by: DispatchFixtures.dispatcher).map(\.kind) == [.overdue])
            #expect(Set(try await tracking.alerts(by: DispatchFixtures.manager).map(\.kind)) == [.overdue, .escalated])
            #expect(try await tracking.alerts(by: Fixtures.caller(.dispatcher, stores: ["BJ01"])).isEmpty)
            #expect(try await tracking.alerts(by: Fixtures.caller(.finance, stores: ["SH01"])).isEmpty)
            #expect(try await tracking.alerts(by: world.technician("sh.tech1")).isEmpty)
            await #expect(throws: AppError.notAllowed) {
                try await tracking.alerts(by: Fixtures.caller(.receptionist, stores: ["SH01"]))
            }
            let escalation = try #require(raised.first { $0.kind == .escalated })
            await #expect(throws: TrackingService.alertNotFound) {
                try await tracking.acknowledgeAlert(escalation.id, by: Fixtures.caller(.dispatcher, stores: ["BJ01"]))
            }
            let once = try await tracking.acknowledgeAlert(escalation.id, by: DispatchFixtures.manager)
            let twice = try await tracking.acknowledgeAlert(escalation.id, by: DispatchFixtures.manager)
            #expect(once.acknowledgedAt == twice.acknowledgedAt)
        }
    }
}

import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

/// The monitor's decision for one stage at one instant, travelling in time
/// through the fixture store's week (Mon–Sat 09:00–18:00, Christmas closed).
@Suite("Tracking: what falls due when (R4.4, R4.5)")
struct DeadlineRuleTests {
    let calendar = BusinessCalendar(Fixtures.store)
    let policy = TimeLimitPolicy()

    func at(_ days: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        Fixtures.shanghai(daysAfterNow: days, hour: hour, minute: minute)
    }

    func check(_ clock: StageClock, _ now: Date, raised: Set<AlertKind> = [], acknowledged: Bool = false)
        -> DeadlineCheck
    {
        DeadlineRule.check(
            clock, policy: policy, calendar: calendar, now: now, raised: raised, overdueAcknowledged: acknowledged)
    }

    @Test("R4.5 warning at 80 % of the limit, overdue at the limit, escalation 60 business minutes later")
    func sequence() {
        // Dispatch, 120 minutes from Tuesday 10:00: warning 11:36, deadline 12:00, escalation 13:00.
        let clock = StageClock(stage: .dispatch, startedAt: at(0, 10), limitMinutes: 120)
        #expect(check(clock, at(0, 10)) == DeadlineCheck(deadline: at(0, 12), nextCheck: at(0, 11, 36)))
        #expect(check(clock, at(0, 11, 35)).raise.isEmpty)
        #expect(
            check(clock, at(0, 11, 36))
                == DeadlineCheck(raise: [.warning: at(0, 11, 36)], deadline: at(0, 12), nextCheck: at(0, 12)))
        #expect(check(clock, at(0, 11, 50), raised: [.warning]).raise.isEmpty)
        #expect(
            check(clock, at(0, 12), raised: [.warning])
                == DeadlineCheck(raise: [.overdue: at(0, 12)], deadline: at(0, 12), nextCheck: at(0, 13)))
        #expect(
            check(clock, at(0, 13), raised: [.warning, .overdue])
                == DeadlineCheck(raise: [.escalated: at(0, 13)], deadline: at(0, 12)))
        #expect(check(clock, at(0, 15), raised: [.warning, .overdue, .escalated]).nextCheck == nil)
    }

    @Test("R4.5 found late (the monitor was down), only the overdue alert and the escalation are raised")
    func foundLate() {
        let clock = StageClock(stage: .dispatch, startedAt: at(0, 10), limitMinutes: 120)
        #expect(
            check(clock, at(0, 14)).raise == [.overdue: at(0, 12), .escalated: at(0, 13)])
    }

    @Test("R4.5 an acknowledged overdue alert is not escalated")
    func acknowledged() {
        let clock = StageClock(stage: .dispatch, startedAt: at(0, 10), limitMinutes: 120)
        let verdict = check(clock, at(0, 14), raised: [.overdue], acknowledged: true)
        #expect(verdict.raise.isEmpty)
        #expect(verdict.nextCheck == nil)
    }

    @Test("R4.4 across the night, Sunday and Christmas: deadlines and escalations fall in business hours")
    func businessHours() {
        // Saturday 2026-12-05 17:30 + 120 min: 30 min on Saturday, 90 on Monday → Monday 10:30.
        let saturday = StageClock(stage: .dispatch, startedAt: at(4, 17, 30), limitMinutes: 120)
        #expect(check(saturday, at(5, 12)).raise.isEmpty)
        #expect(check(saturday, at(6, 10, 29)).raise == [.warning: at(6, 10, 6)])
        #expect(check(saturday, at(6, 10, 30), raised: [.warning]).raise == [.overdue: at(6, 10, 30)])
        // Christmas Eve 17:00, 120 min: an hour on the 24th, an hour on Saturday the 26th.
        let christmas = StageClock(stage: .dispatch, startedAt: at(23, 17), limitMinutes: 120)
        #expect(check(christmas, at(24, 23)).raise.isEmpty)
        #expect(check(christmas, at(25, 10), raised: [.warning]).raise == [.overdue: at(25, 10)])
        // Overdue at 17:30 on Tuesday: the escalation waits for Wednesday 09:30, not 18:30.
        let late = StageClock(stage: .dispatch, startedAt: at(0, 15, 30), limitMinutes: 120)
        #expect(check(late, at(0, 17, 30), raised: [.warning]).nextCheck == at(1, 9, 30))
    }

    @Test("R4.4 a paused clock raises nothing and waits; a closed pause moves every instant")
    func paused() {
        var clock = StageClock(stage: .customerContact, startedAt: at(0, 10), limitMinutes: 120)
        clock.pauses = [ClockPause(from: at(0, 11), until: nil, reason: "客户要求下午再联系")]
        #expect(check(clock, at(0, 15)) == DeadlineCheck())
        clock.pauses[0].until = at(0, 14)
        // Three hours paused: warning 14:36, deadline 15:00.
        #expect(check(clock, at(0, 14)).nextCheck == at(0, 14, 36))
        #expect(check(clock, at(0, 15), raised: [.warning]).raise == [.overdue: at(0, 15)])
    }

    @Test("R3.7 arrival counts from the opening of the agreed window, and never before its end")
    func arrivalWindow() throws {
        var order = try Fixtures.intakeCheck.check(Fixtures.draft()).get().makeOrder(
            id: UUID(), number: "SH01-20261201-0001", status: .assigned, reviewReasons: [], at: Fixtures.now)
        order.appointment = AppointmentWindow(start: at(2, 14), end: at(2, 18))
        let current = StageTimeline.Current(stage: .arrival, since: at(0, 11))
        let clock = StageClock(running: current, of: order, policy: policy, in: calendar)
        #expect(clock.startedAt == at(2, 14))
        // The default arrival limit (60 minutes) is shorter than this four-hour window: the window wins.
        #expect(clock.deadline(asOf: at(2, 14), in: calendar) == at(2, 18))
    }

    @Test("R4.4 an order booked for next week is due for dispatch from the business day before the visit")
    func dispatchAhead() throws {
        var order = try Fixtures.intakeCheck.check(Fixtures.draft()).get().makeOrder(
            id: UUID(), number: "SH01-20261201-0002", status: .confirmed, reviewReasons: [], at: Fixtures.now)
        // Visit on Monday 7 December: the day before in business days is Saturday the 5th.
        order.appointment = AppointmentWindow(start: at(6, 10), end: at(6, 12))
        let ahead = StageClock(
            running: StageTimeline.Current(stage: .dispatch, since: at(0, 10)), of: order, policy: policy,
            in: calendar)
        #expect(ahead.startedAt == at(4, 9))
        #expect(ahead.deadline(asOf: at(0, 10), in: calendar) == at(4, 11))
        // Booked for tomorrow: the clock runs from confirmation.
        order.appointment = AppointmentWindow(start: at(1, 10), end: at(1, 12))
        let soon = StageClock(
            running: StageTimeline.Current(stage: .dispatch, since: at(0, 10)), of: order, policy: policy,
            in: calendar)
        #expect(soon.startedAt == at(0, 10))
    }
}

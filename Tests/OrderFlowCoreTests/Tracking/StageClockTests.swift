import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

/// Time travel across business hours, weekends, holidays and pauses, with
/// the fixture store: Monday–Saturday 09:00–18:00 Shanghai, closed Sundays,
/// Christmas a holiday. The fixture clock is Tuesday 2026-12-01 10:00.
@Suite("Tracking: business-hour clocks (R4.4)")
struct StageClockTests {
    let calendar = BusinessCalendar(Fixtures.store)

    func at(_ days: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        Fixtures.shanghai(daysAfterNow: days, hour: hour, minute: minute)
    }

    @Test("R4.4 a limit that does not fit the day continues at the next opening")
    func acrossClosing() {
        // 120 business minutes from Tuesday 17:00: one hour today, one hour on Wednesday.
        #expect(calendar.adding(businessSeconds: 120 * 60, to: at(0, 17)) == at(1, 10))
        // Started before opening: counting begins at 09:00.
        #expect(calendar.adding(businessSeconds: 30 * 60, to: at(1, 7)) == at(1, 9, 30))
        #expect(calendar.businessSeconds(from: at(0, 17), to: at(1, 10)) == 2 * 3600)
    }

    @Test("R4.4 Sundays and holidays do not count")
    func weekendsAndHolidays() {
        // Saturday 2026-12-05 17:00 + 2 h → Monday 10:00 (Sunday closed).
        #expect(calendar.adding(businessSeconds: 2 * 3600, to: at(4, 17)) == at(6, 10))
        // Thursday 2026-12-24 17:30 + 1 h → Saturday 26th 09:30 (Christmas is a holiday).
        #expect(calendar.adding(businessSeconds: 3600, to: at(23, 17, 30)) == at(25, 9, 30))
        #expect(calendar.businessSeconds(from: at(4, 17), to: at(6, 10)) == 2 * 3600)
    }

    @Test("R4.4 a pause while the order waits on the customer stops the clock, across nights too")
    func pauses() {
        var clock = StageClock(stage: .arrival, startedAt: at(0, 16), limitMinutes: 180)
        // Paused from 17:00 Tuesday to 11:00 Wednesday: two business hours of pause.
        clock.pauses = [ClockPause(from: at(0, 17), until: at(1, 11), reason: "客户出差，周三再约")]
        #expect(clock.elapsed(at: at(1, 12), in: calendar) == 2 * 3600)
        #expect(clock.deadline(asOf: at(1, 12), in: calendar) == at(1, 13))
        #expect(clock.state(at: at(1, 12), warningShare: 0.8, in: calendar) == .onTime)
        #expect(clock.state(at: at(1, 12, 30), warningShare: 0.8, in: calendar) == .warning)
        #expect(clock.state(at: at(1, 13), warningShare: 0.8, in: calendar) == .overdue)
        // An open pause: no deadline while it lasts, and the clock stands still.
        clock.pauses.append(ClockPause(from: at(1, 12), until: nil, reason: "等客户确认"))
        #expect(clock.isPaused)
        #expect(clock.deadline(asOf: at(2, 15), in: calendar) == nil)
        #expect(clock.elapsed(at: at(2, 15), in: calendar) == 2 * 3600)
    }

    @Test("R4.4 limits by stage, by item and by priority; bad policies are refused by field")
    func policy() {
        var policy = TimeLimitPolicy()
        policy.byItem = ["AC-INSTALL": [.service: 6 * 60], "AC-CLEAN": [.service: 2 * 60]]
        #expect(policy.limitMinutes(for: .review, itemCodes: ["AC-CLEAN"], priority: .normal) == 60)
        #expect(policy.limitMinutes(for: .service, itemCodes: ["AC-CLEAN", "AC-INSTALL"], priority: .normal) == 360)
        #expect(policy.limitMinutes(for: .service, itemCodes: ["AC-CLEAN"], priority: .urgent) == 60)
        #expect(policy.limitMinutes(for: .dispatch, itemCodes: [], priority: .urgent) == 60)
        policy.defaults[.review] = 0
        policy.earlyWarningShare = 1.5
        #expect(
            policy.problems.map(\.field) == ["defaults.review", "earlyWarningShare"])
    }

    @Test("a store that never opens has no deadline")
    func neverOpen() {
        let closed = BusinessCalendar(
            openingHours: WeeklyOpeningHours(byWeekday: [:]), holidays: [], timeZone: .shanghai)
        #expect(closed.adding(businessSeconds: 60, to: at(0, 10)) == nil)
        #expect(closed.businessSeconds(from: at(0, 10), to: at(30, 10)) == 0)
    }
}

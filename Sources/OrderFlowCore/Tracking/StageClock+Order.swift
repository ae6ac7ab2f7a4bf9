import Foundation

extension StageClock {
    /// The clock of the stage an order is in, under `policy`, where two
    /// stages count from the appointment rather than from the event that
    /// began them:
    /// - dispatch runs from the later of confirmation and the opening of the
    ///   business day before the visit: an order booked for next week is
    ///   not late for dispatch today (R3.1, R4.4);
    /// - arrival runs from the opening of the agreed window, and its limit
    ///   is at least the window itself, so a technician inside the window
    ///   is never late (R3.7).
    public init(
        running current: StageTimeline.Current, of order: Order, policy: TimeLimitPolicy, in calendar: BusinessCalendar
    ) {
        let limit = policy.limitMinutes(
            for: current.stage, itemCodes: order.lines.map(\.itemCode), priority: order.priority)
        let window = order.appointment
        switch current.stage {
        case .dispatch:
            let dayBefore = calendar.openingOfBusinessDay(before: window.start) ?? current.since
            self.init(
                stage: .dispatch, startedAt: max(current.since, dayBefore), limitMinutes: limit,
                pauses: current.pauses)
        case .arrival:
            let opens = max(current.since, window.start)
            let windowMinutes = Int((window.end.timeIntervalSince(opens) / 60).rounded(.up))
            self.init(
                stage: .arrival, startedAt: opens, limitMinutes: max(limit, windowMinutes), pauses: current.pauses)
        default:
            self.init(stage: current.stage, startedAt: current.since, limitMinutes: limit, pauses: current.pauses)
        }
    }
}

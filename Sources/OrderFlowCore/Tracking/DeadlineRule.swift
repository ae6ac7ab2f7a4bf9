import Foundation

/// What the deadline monitor must do for one running stage at one instant
/// (R4.4, R4.5): which alerts fall due, and when to look again.
public struct DeadlineCheck: Hashable, Sendable {
    /// Alerts to raise now, each with the instant it fell due.
    public var raise: [AlertKind: Date]
    public var deadline: Date?
    /// Nil: nothing can fall due until the order changes (paused, or all raised).
    public var nextCheck: Date?

    public init(raise: [AlertKind: Date] = [:], deadline: Date? = nil, nextCheck: Date? = nil) {
        self.raise = raise
        self.deadline = deadline
        self.nextCheck = nextCheck
    }
}

public enum DeadlineRule {
    /// The check of `clock` at `now`, given the kinds already raised for
    /// this run of the stage and whether its overdue alert is acknowledged.
    ///
    /// A stage found past its limit gets its overdue alert only: an early
    /// warning after the fact is noise. A paused clock raises nothing. The
    /// escalation falls due `escalateAfterMinutes` business minutes after
    /// the deadline, so nobody is escalated to overnight.
    public static func check(
        _ clock: StageClock, policy: TimeLimitPolicy, calendar: BusinessCalendar, now: Date,
        raised: Set<AlertKind>, overdueAcknowledged: Bool
    ) -> DeadlineCheck {
        guard !clock.isPaused, let deadline = clock.deadline(asOf: now, in: calendar),
            let warningAt = clock.instant(atShare: policy.earlyWarningShare, asOf: now, in: calendar)
        else { return DeadlineCheck() }
        var check = DeadlineCheck(deadline: deadline)
        guard now >= deadline else {
            if now >= warningAt {
                if !raised.contains(.warning) { check.raise[.warning] = warningAt }
                check.nextCheck = deadline
            } else {
                check.nextCheck = warningAt
            }
            return check
        }
        if !raised.contains(.overdue) { check.raise[.overdue] = deadline }
        guard !overdueAcknowledged, !raised.contains(.escalated),
            let escalateAt = calendar.adding(
                businessSeconds: Double(policy.escalateAfterMinutes) * 60, to: deadline,
                pausedDuring: clock.pauses.map { $0.interval(endingAtLatest: now) })
        else { return check }
        if now >= escalateAt {
            check.raise[.escalated] = escalateAt
        } else {
            check.nextCheck = escalateAt
        }
        return check
    }
}

import Foundation

/// Where a stage stands against its time limit.
public enum StageState: String, Hashable, Codable, Sendable {
    case onTime
    /// Past the early-warning share of the limit (预警).
    case warning
    /// Past the limit (超时).
    case overdue
}

/// A pause of a stage's clock while the order waits on the customer, with
/// the reason logged (R4.4). An open pause has no end yet.
public struct ClockPause: Hashable, Codable, Sendable {
    public var from: Date
    public var until: Date?
    public var reason: String

    public init(from: Date, until: Date?, reason: String) {
        self.from = from
        self.until = until
        self.reason = reason
    }

    func interval(endingAtLatest now: Date) -> DateInterval {
        DateInterval(start: from, end: max(from, min(until ?? now, now)))
    }
}

/// One stage's clock: when it started, its pauses, and its limit in business
/// minutes, counted in the store's business calendar.
public struct StageClock: Hashable, Codable, Sendable {
    public var stage: TrackingStage
    public var startedAt: Date
    public var limitMinutes: Int
    public var pauses: [ClockPause]

    public init(stage: TrackingStage, startedAt: Date, limitMinutes: Int, pauses: [ClockPause] = []) {
        self.stage = stage
        self.startedAt = startedAt
        self.limitMinutes = limitMinutes
        self.pauses = pauses
    }

    public var isPaused: Bool { pauses.contains { $0.until == nil } }

    /// Business seconds used by `now`, not counting pauses.
    public func elapsed(at now: Date, in calendar: BusinessCalendar) -> TimeInterval {
        calendar.businessSeconds(
            from: startedAt, to: now, pausedDuring: pauses.map { $0.interval(endingAtLatest: now) })
    }

    /// When `share` of the limit is used, as things stand at `now` (an open
    /// pause pushes it out for as long as it lasts); nil while paused or
    /// when the store does not open.
    public func instant(atShare share: Double, asOf now: Date, in calendar: BusinessCalendar) -> Date? {
        guard !isPaused else { return nil }
        return calendar.adding(
            businessSeconds: Double(limitMinutes) * 60 * share, to: startedAt,
            pausedDuring: pauses.map { $0.interval(endingAtLatest: now) })
    }

    public func deadline(asOf now: Date, in calendar: BusinessCalendar) -> Date? {
        instant(atShare: 1, asOf: now, in: calendar)
    }

    /// On time, in early warning (from `warningShare` of the limit), or overdue.
    public func state(at now: Date, warningShare: Double, in calendar: BusinessCalendar) -> StageState {
        let used = elapsed(at: now, in: calendar)
        let limit = Double(limitMinutes) * 60
        if used >= limit { return .overdue }
        if used >= limit * warningShare { return .warning }
        return .onTime
    }
}

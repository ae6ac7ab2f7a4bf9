import Foundation
import OrderFlowCore

/// The stage an order is in against its time limit (R4.1, R4.4): which
/// stage, since when, its deadline in the store's business hours, and
/// whether it is on time, in early warning or overdue.
public struct StageStatus: Hashable, Sendable {
    public var stage: TrackingStage
    public var since: Date
    public var limitMinutes: Int
    /// Nil when the store has no opening hours ahead.
    public var deadline: Date?
    public var state: StageState
    /// The open pause while the order waits on the customer, with its reason.
    public var pausedSince: Date?
    public var pauseReason: String?

    /// The status of `order` from its timeline at `now`, or nil when no
    /// stage with a limit is running (closed orders, stages still to come).
    public static func of(
        _ order: Order, timeline: [TimelineEntry], store: Store?, policy: TimeLimitPolicy = TimeLimitPolicy(),
        now: Date
    ) -> StageStatus? {
        let entries = timeline.map { entry in
            StageTimeline.Entry(
                type: entry.type, at: entry.occurredAt,
                contactConfirmed: entry.payload.job?.contact.map {
                    $0.result == .confirmed || $0.result == .rescheduled
                } ?? false, reason: entry.payload.reason ?? "")
        }
        guard let store, let current = StageTimeline.current(after: entries) else { return nil }
        let limit = policy.limitMinutes(
            for: current.stage, itemCodes: order.lines.map(\.itemCode), priority: order.priority)
        let clock = StageClock(
            stage: current.stage, startedAt: current.since, limitMinutes: limit, pauses: current.pauses)
        let open = current.isPaused ? current.pauses.last : nil
        let calendar = BusinessCalendar(store)
        return StageStatus(
            stage: current.stage, since: current.since, limitMinutes: limit,
            deadline: clock.deadline(asOf: now, in: calendar),
            state: clock.state(at: now, warningShare: policy.earlyWarningShare, in: calendar), pausedSince: open?.from,
            pauseReason: open?.reason)
    }
}

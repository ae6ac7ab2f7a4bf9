import Foundation
import OrderFlowCore
import OrderFlowStore

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
        guard let store, let current = runningStage(timeline) else { return nil }
        let calendar = BusinessCalendar(store)
        let clock = StageClock(running: current, of: order, policy: policy, in: calendar)
        let open = current.isPaused ? current.pauses.last : nil
        return StageStatus(
            stage: current.stage, since: clock.startedAt, limitMinutes: clock.limitMinutes,
            deadline: clock.deadline(asOf: now, in: calendar),
            state: clock.state(at: now, warningShare: policy.earlyWarningShare, in: calendar), pausedSince: open?.from,
            pauseReason: open?.reason)
    }

    /// The stage running after `timeline`, as the stage rules read it.
    static func runningStage(_ timeline: [TimelineEntry]) -> StageTimeline.Current? {
        StageTimeline.current(
            after: timeline.map { entry in
                StageTimeline.Entry(
                    type: entry.type, at: entry.occurredAt,
                    contactConfirmed: entry.payload[JobEntryPayload.self]?.contact.map {
                        $0.result == .confirmed || $0.result == .rescheduled
                    } ?? false, reason: entry.payload.reason ?? "")
            })
    }

    /// The same from stored events (the monitor reads them straight from the log).
    static func runningStage(_ events: [StoredOrderEvent]) -> StageTimeline.Current? {
        runningStage(events.compactMap(TimelineEntry.of))
    }
}

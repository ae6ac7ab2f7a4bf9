import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// Tracking (订单跟踪, §4 of the procedure): the time limits of every stage
/// and where each order stands against them, and the alerts the deadline
/// monitor raises.
public struct TrackingService: AppService {
    public let context: AppContext

    public init(context: AppContext) { self.context = context }

    public func timeLimits(by caller: Caller) async throws -> TimeLimitPolicy {
        try caller.require(.readTimeLimits)
        return try await database.read { try await TimeLimitRecords.policy(on: $0) }
    }

    /// Administrators set the limits (R4.4); audited with the whole policy.
    public func updateTimeLimits(_ policy: TimeLimitPolicy, by caller: Caller) async throws -> TimeLimitPolicy {
        try caller.require(.manageTimeLimits)
        let problems = policy.problems
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let now = environment.now()
        let detail = try JSONCoding.canonicalString(policy)
        try await database.write { db in
            try await TimeLimitRecords.save(policy, at: now, on: db)
            try await StageWatchRecords.markAllChanged(at: now, on: db)
            try await AuditLog.append(
                actor: caller.actor, action: "tracking.timeLimitsChanged", outcome: .succeeded, detailJSON: detail,
                at: now, on: db)
        }
        return policy
    }

    /// Where an order stands against the limits now (R4.1): for pages that
    /// already hold its timeline.
    public func status(of order: Order, timeline: [TimelineEntry], store: Store?) async throws -> StageStatus? {
        let policy = try await database.read { try await TimeLimitRecords.policy(on: $0) }
        return StageStatus.of(order, timeline: timeline, store: store, policy: policy, now: environment.now())
    }
}

extension TrackingService {
    /// Stops the running stage's clock while the order waits on the customer,
    /// with the reason logged (R4.4). Technicians may, on their own jobs.
    public func pauseClock(_ reference: String, reason: String?, by caller: Caller) async throws -> StageStatus {
        guard let reason = reason?.trimmedOrNil, reason.count >= 2, reason.count <= TextLimits.reason else {
            throw AppError.invalid([
                FieldProblem(
                    field: "reason", code: "clock.reasonRequired",
                    message: LocalizedText(
                        zhHans: "请说明等待客户的原因（2–500 字）", en: "Say what the order waits for (2–500 characters)"))
            ])
        }
        return try await changeClock(reference, to: .clockPaused, reason: reason, by: caller)
    }

    /// Starts the paused clock again.
    public func resumeClock(_ reference: String, by caller: Caller) async throws -> StageStatus {
        try await changeClock(reference, to: .clockResumed, reason: nil, by: caller)
    }

    private func changeClock(_ reference: String, to type: OrderEventType, reason: String?, by caller: Caller)
        async throws -> StageStatus
    {
        let now = environment.now()
        do {
            return try await database.write { db in
                guard let order = try await OrderLookup.find(reference, on: db) else {
                    throw AppError.orderNotFound(reference)
                }
                let assignment = try await AssignmentRecords.find(orderID: order.id, on: db)
                let own = caller.staffID.map { assignment?.assignment.technicianIDs.contains($0) ?? false } ?? false
                guard caller.may(.readOrder, storeCode: order.storeCode, ownJob: own) else {
                    throw AppError.orderNotFound(reference)
                }
                try caller.require(.pauseStageClock, storeCode: order.storeCode, ownJob: own)
                let store = try await StoreRecords.all(on: db).first { $0.code == order.storeCode }
                let policy = try await TimeLimitRecords.policy(on: db)
                let timeline = try await EventLog.events(of: order.id, on: db).compactMap(TimelineEntry.of)
                guard let before = StageStatus.of(order, timeline: timeline, store: store, policy: policy, now: now)
                else { throw Self.noClock }
                if type == .clockPaused, before.pausedSince != nil { throw Self.alreadyPaused }
                if type == .clockResumed, before.pausedSince == nil { throw Self.notPaused }
                let (_, events) = try await OrderChange.commit(
                    order, events: [.init(type, OrderEventPayload(reason: reason), by: caller.actor)], at: now, on: db)
                let after = timeline + events.compactMap(TimelineEntry.of)
                guard let status = StageStatus.of(order, timeline: after, store: store, policy: policy, now: now) else {
                    throw Self.noClock
                }
                return status
            }
        } catch StoreError.staleVersion {
            throw AppError.concurrentChange
        }
    }

    static let noClock = AppError.conflict(
        code: "clock.noStage",
        message: LocalizedText(zhHans: "该订单当前没有计时的阶段", en: "No stage of this order is being timed"))
    static let alreadyPaused = AppError.conflict(
        code: "clock.alreadyPaused", message: LocalizedText(zhHans: "计时已暂停", en: "The clock is already paused"))
    static let notPaused = AppError.conflict(
        code: "clock.notPaused", message: LocalizedText(zhHans: "计时未暂停", en: "The clock is not paused"))
}

import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

extension IntakeService {
    /// A reviewer approves an order waiting in the review queue (R2.4).
    public func approve(_ reference: String, note: String?, ifMatch version: Int?, by caller: Caller) async throws
        -> ShownOrder
    {
        try await decide(
            reference, to: .confirmed, event: .approved, reason: (note, required: false), ifMatch: version, by: caller,
            naming: LocalizedText(zhHans: "审核通过", en: "approved"))
    }

    /// A reviewer rejects an order, with the reason the customer will be told (R2.4).
    public func reject(_ reference: String, reason: String?, ifMatch version: Int?, by caller: Caller) async throws
        -> ShownOrder
    {
        try await decide(
            reference, to: .rejected, event: .rejected, reason: (reason, required: true), ifMatch: version, by: caller,
            naming: LocalizedText(zhHans: "驳回", en: "rejected"))
    }

    private func decide(
        _ reference: String, to next: OrderStatus, event: OrderEventType, reason: (text: String?, required: Bool),
        ifMatch version: Int?, by caller: Caller, naming decision: LocalizedText
    ) async throws -> ShownOrder {
        try caller.require(.decideReview)
        let text = try ReviewDecision.validatedReason(reason.text, required: reason.required).mapError(\.appError).get()
        return try await change(
            reference, to: next, event: event, reason: text, ifMatch: version, by: caller, action: .decideReview,
            precondition: Self.pendingReview(action: decision))
    }

    /// Review decisions apply only to orders still waiting in the queue.
    private static func pendingReview(action: LocalizedText) -> @Sendable (Order) throws -> Void {
        { order in
            guard order.status == .pendingReview else {
                let current = order.status.label
                throw AppError.conflict(
                    code: "order.notPendingReview",
                    message: LocalizedText(
                        zhHans: "只有待审核的订单可以\(action.zhHans)（当前：\(current.zhHans)）",
                        en: "Only orders pending review can be \(action.en) (this one is \(current.en.lowercased()))"))
            }
        }
    }

    /// Cancels an order that has not started service yet; the reason is kept.
    public func cancel(_ reference: String, reason: String?, ifMatch version: Int?, by caller: Caller) async throws
        -> ShownOrder
    {
        try caller.require(.cancelOrder)
        let reason = try ReviewDecision.validatedReason(reason, required: true).mapError(\.appError).get()
        return try await change(
            reference, to: .cancelled, event: .cancelled, reason: reason, ifMatch: version, by: caller,
            action: .cancelOrder
        ) {
            _ in
        }
    }

    /// Loads, checks, moves and saves one order in one transaction. A
    /// concurrent change makes the version check fail: 409, never a lost update.
    /// An order the caller cannot read is "not found"; one they can read but
    /// not change in this way is 403.
    private func change(
        _ reference: String, to next: OrderStatus, event: OrderEventType, reason: String?, ifMatch version: Int?,
        by caller: Caller, action: AccessAction, precondition: @escaping @Sendable (Order) throws -> Void
    ) async throws -> ShownOrder {
        let now = environment.now()
        let actor = caller.actor
        do {
            let saved = try await database.write { db in
                let order = try await OrderLookup.visible(reference, for: action, by: caller, on: db)
                if let version, version != order.version {
                    throw AppError.versionMismatch(current: order.version, record: .order)
                }
                try precondition(order)
                // A cancelled job frees its technicians' time.
                var freed: [UUID]?
                if next == .cancelled, let assigned = try await AssignmentRecords.find(orderID: order.id, on: db) {
                    try await AssignmentRecords.remove(orderID: order.id, on: db)
                    freed = assigned.assignment.technicianIDs
                }
                let payload = OrderEventPayload(
                    fromStatus: order.status, toStatus: next, reason: reason, previousTechnicians: freed)
                return try await OrderChange.commit(
                    order, movingTo: next, events: [.init(event, payload, by: actor)], at: now, on: db
                ).order
            }
            return .make(saved, for: caller, at: now)
        } catch StoreError.staleVersion {
            throw AppError.concurrentChange
        }
    }

}

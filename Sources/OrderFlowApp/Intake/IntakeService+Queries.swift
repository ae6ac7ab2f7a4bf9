import Foundation
import OrderFlowCore
import OrderFlowStore

extension IntakeService {
    public func order(_ reference: String) async throws -> Order {
        guard let order = try await database.read({ try await Self.find(reference, on: $0) }) else {
            throw AppError.orderNotFound(reference)
        }
        return order
    }

    public func orders(_ query: OrderQuery) async throws -> OrderPage {
        try await database.read { try await OrderRecords.list(query, on: $0) }
    }

    /// Orders waiting for a reviewer, newest first.
    public func reviewQueue(storeCode: String?, limit: Int, after cursor: OrderCursor?) async throws -> OrderPage {
        try await orders(OrderQuery(storeCode: storeCode, status: .pendingReview, limit: limit, after: cursor))
    }

    /// The order's history from its event log, oldest first, after checking
    /// that the hash chain is unbroken.
    public func timeline(_ reference: String) async throws -> (order: Order, entries: [TimelineEntry], intact: Bool) {
        try await database.read { db in
            guard let order = try await Self.find(reference, on: db) else { throw AppError.orderNotFound(reference) }
            let events = try await EventLog.events(of: order.id, on: db)
            let entries = try events.map { event in
                guard let type = OrderEventType(rawValue: event.type) else {
                    throw StoreError.corruptRow("unknown event type \(event.type)")
                }
                let payload = try JSONCoding.decoder.decode(OrderEventPayload.self, from: Data(event.payloadJSON.utf8))
                return TimelineEntry(
                    sequence: event.sequence, type: type, actor: event.actor, occurredAt: event.occurredAt,
                    payload: payload, hash: event.hash)
            }
            return (order, entries, EventLog.firstBrokenLink(in: events) == nil)
        }
    }

    public func reviewPolicy() async throws -> ReviewPolicy {
        try await database.read { try await SettingsRecords.reviewPolicy(on: $0) }
    }

    /// Replaces the review rules; they apply to orders created from now on.
    public func updateReviewPolicy(_ policy: ReviewPolicy) async throws -> ReviewPolicy {
        let checked: ReviewPolicy
        switch policy.validated() {
        case .success(let valid): checked = valid
        case .failure(let failure): throw failure.appError
        }
        let now = environment.now()
        try await database.write { try await SettingsRecords.saveReviewPolicy(checked, at: now, on: $0) }
        return checked
    }
}

import Foundation
import OrderFlowCore
import OrderFlowStore

/// An order ready to be stored except for its number, which only the write
/// can hand out. Everything that costs CPU — the JSON of the intake record
/// and of the remembered answer — is done here, before the write, because on
/// SQLite every write runs on the one writer thread that all orders wait for.
/// The write only puts the number in place of a placeholder that no client
/// can know in advance (it carries the new order's id): each JSON text is
/// kept split around it, so the write joins strings instead of searching them.
struct PreparedIntake: Sendable {
    let order: Order
    let events: [EventLog.NewEvent]
    /// The answer kept for an idempotency key, when there is one.
    let answerJSON: String?
    private let eventParts: [[Substring]]
    private let answerParts: [Substring]?

    init(_ checked: CheckedOrder, id: UUID, reasons: [ReviewReason], actor: Actor, at now: Date, keepAnswer: Bool)
        throws
    {
        let placeholder = "#order-number-\(id.uuidString)#"
        var order = checked.makeOrder(id: id, number: placeholder, status: .received, reviewReasons: reasons, at: now)
        let received = order
        try order.move(to: reasons.isEmpty ? .confirmed : .pendingReview, at: now)
        let routing =
            reasons.isEmpty
            ? OrderEventPayload(fromStatus: .received, toStatus: .confirmed)
            : OrderEventPayload(fromStatus: .received, toStatus: .pendingReview, reviewReasons: reasons)
        self.order = order
        events = [
            .init(
                type: .received, actor: actor,
                payloadJSON: try JSONCoding.string(OrderEventPayload(toStatus: .received, order: received))),
            .init(
                type: reasons.isEmpty ? .autoConfirmed : .reviewRequested, actor: .system,
                payloadJSON: try JSONCoding.string(routing)),
        ]
        answerJSON = keepAnswer ? try JSONCoding.string(order) : nil
        eventParts = events.map { $0.payloadJSON.split(separator: placeholder, omittingEmptySubsequences: false) }
        answerParts = answerJSON?.split(separator: placeholder, omittingEmptySubsequences: false)
    }

    /// The order, its first events and its answer, carrying their number.
    func numbered(_ number: String) -> (order: Order, events: [EventLog.NewEvent], answerJSON: String?) {
        var order = order
        order.number = number
        let events = zip(events, eventParts).map { event, parts in
            var event = event
            event.payloadJSON = parts.joined(separator: number)
            return event
        }
        return (order, events, answerParts?.joined(separator: number))
    }
}

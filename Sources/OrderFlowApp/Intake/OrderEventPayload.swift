import Foundation
import OrderFlowCore
import OrderFlowStore

/// What an event in an order's timeline records beyond its type, actor and time.
public struct OrderEventPayload: Hashable, Codable, Sendable {
    public var fromStatus: OrderStatus?
    public var toStatus: OrderStatus?
    public var reason: String?
    public var reviewReasons: [ReviewReason]?
    /// The order as it was received: the intake record of its archive (R8.1).
    public var order: Order?
    /// Dispatch: the assignment made, and who had the job before.
    public var assignment: Assignment?
    public var previousTechnicians: [UUID]?
    /// A technician's record on the job.
    public var job: JobEntryPayload?
    /// A new appointment window (rescheduling).
    public var appointment: AppointmentWindow?
    /// Follow-ups, feedback and problem cases.
    public var aftercare: AftercarePayload?
    /// Delivery reports, answers, rework and delivery (R5.2–R5.5).
    public var delivery: DeliveryPayload?
    /// Warranty claims (R6.2–R6.4).
    public var afterSales: AfterSalesPayload?

    public init(
        fromStatus: OrderStatus? = nil, toStatus: OrderStatus? = nil, reason: String? = nil,
        reviewReasons: [ReviewReason]? = nil, order: Order? = nil, assignment: Assignment? = nil,
        previousTechnicians: [UUID]? = nil, job: JobEntryPayload? = nil, appointment: AppointmentWindow? = nil,
        aftercare: AftercarePayload? = nil, delivery: DeliveryPayload? = nil, afterSales: AfterSalesPayload? = nil
    ) {
        self.afterSales = afterSales
        self.delivery = delivery
        self.aftercare = aftercare
        self.appointment = appointment
        self.assignment = assignment
        self.previousTechnicians = previousTechnicians
        self.job = job
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.reason = reason
        self.reviewReasons = reviewReasons
        self.order = order
    }
}

/// One entry of an order's timeline as shown to staff.
public struct TimelineEntry: Hashable, Sendable {
    public var sequence: Int
    public var type: OrderEventType
    public var actor: String
    public var occurredAt: Date
    public var payload: OrderEventPayload
    public var hash: String
}

extension TimelineEntry {
    /// A stored event as a timeline entry, or nil for a type this version does not know.
    static func of(_ event: StoredOrderEvent) -> TimelineEntry? {
        guard let type = OrderEventType(rawValue: event.type),
            let payload = try? JSONCoding.decoder.decode(OrderEventPayload.self, from: Data(event.payloadJSON.utf8))
        else { return nil }
        return TimelineEntry(
            sequence: event.sequence, type: type, actor: event.actor, occurredAt: event.occurredAt, payload: payload,
            hash: event.hash)
    }
}

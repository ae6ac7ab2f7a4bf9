import Foundation
import OrderFlowCore
import OrderFlowStore

/// A chapter's own part of an order event's payload, stored under the
/// chapter's key beside the common members. A new chapter declares its part
/// in its own folder; nothing here changes (issue 15).
public protocol OrderEventPart: Codable, Hashable, Sendable {
    /// The member of the payload's JSON that holds this part.
    static var key: String { get }
}

/// What an event in an order's timeline records beyond its type, actor and
/// time: the members every chapter may use (a status move and its reason,
/// the order, dispatch's assignment, a new appointment), and each chapter's
/// own part (`OrderEventPart`), read as `payload[JobEntryPayload.self]`.
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
    /// A new appointment window (rescheduling).
    public var appointment: AppointmentWindow?
    /// The chapters' parts by key, as stored: read and written through the subscript.
    private var parts: [String: JSONValue] = [:]

    public init(
        fromStatus: OrderStatus? = nil, toStatus: OrderStatus? = nil, reason: String? = nil,
        reviewReasons: [ReviewReason]? = nil, order: Order? = nil, assignment: Assignment? = nil,
        previousTechnicians: [UUID]? = nil, appointment: AppointmentWindow? = nil
    ) {
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.reason = reason
        self.reviewReasons = reviewReasons
        self.order = order
        self.assignment = assignment
        self.previousTechnicians = previousTechnicians
        self.appointment = appointment
    }

    /// A payload carrying one chapter's part.
    public init<Part: OrderEventPart>(
        _ part: Part, fromStatus: OrderStatus? = nil, toStatus: OrderStatus? = nil, reason: String? = nil,
        previousTechnicians: [UUID]? = nil
    ) throws {
        self.init(fromStatus: fromStatus, toStatus: toStatus, reason: reason, previousTechnicians: previousTechnicians)
        try set(part)
    }

    /// A chapter's part, or nil when the event has none (or an unreadable one).
    public subscript<Part: OrderEventPart>(part: Part.Type) -> Part? {
        guard let value = parts[Part.key], let data = try? JSONCoding.encoder.encode(value) else { return nil }
        return try? JSONCoding.decoder.decode(Part.self, from: data)
    }

    public mutating func set<Part: OrderEventPart>(_ part: Part) throws {
        parts[Part.key] = try JSONCoding.decoder.decode(JSONValue.self, from: JSONCoding.encoder.encode(part))
    }

    struct Key: CodingKey {
        let stringValue: String
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    static let common: Set<String> = [
        "fromStatus", "toStatus", "reason", "reviewReasons", "order", "assignment", "previousTechnicians",
        "appointment",
    ]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        fromStatus = try container.decodeIfPresent(OrderStatus.self, forKey: Key("fromStatus"))
        toStatus = try container.decodeIfPresent(OrderStatus.self, forKey: Key("toStatus"))
        reason = try container.decodeIfPresent(String.self, forKey: Key("reason"))
        reviewReasons = try container.decodeIfPresent([ReviewReason].self, forKey: Key("reviewReasons"))
        order = try container.decodeIfPresent(Order.self, forKey: Key("order"))
        assignment = try container.decodeIfPresent(Assignment.self, forKey: Key("assignment"))
        previousTechnicians = try container.decodeIfPresent([UUID].self, forKey: Key("previousTechnicians"))
        appointment = try container.decodeIfPresent(AppointmentWindow.self, forKey: Key("appointment"))
        for key in container.allKeys where !Self.common.contains(key.stringValue) {
            parts[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encodeIfPresent(fromStatus, forKey: Key("fromStatus"))
        try container.encodeIfPresent(toStatus, forKey: Key("toStatus"))
        try container.encodeIfPresent(reason, forKey: Key("reason"))
        try container.encodeIfPresent(reviewReasons, forKey: Key("reviewReasons"))
        try container.encodeIfPresent(order, forKey: Key("order"))
        try container.encodeIfPresent(assignment, forKey: Key("assignment"))
        try container.encodeIfPresent(previousTechnicians, forKey: Key("previousTechnicians"))
        try container.encodeIfPresent(appointment, forKey: Key("appointment"))
        for (key, value) in parts.sorted(by: { $0.key < $1.key }) { try container.encode(value, forKey: Key(key)) }
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

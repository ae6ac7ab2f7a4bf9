import Foundation

/// The time the customer asked for (预约时间): a window, in UTC instants.
public struct AppointmentWindow: Hashable, Codable, Sendable {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    public func overlaps(_ other: AppointmentWindow) -> Bool {
        start < other.end && other.start < end
    }
}

/// One line of an order: a catalog item, what exactly, how many, at what price.
public struct OrderLine: Hashable, Codable, Sendable {
    public var itemCode: String
    public var specification: String
    public var quantity: Int
    public var unitPrice: Money
    public var lineTotal: Money
    /// Set when someone priced this line by hand; such orders go to review (R2.4).
    public var priceOverrideReason: String?

    public init(
        itemCode: String, specification: String, quantity: Int, unitPrice: Money, lineTotal: Money,
        priceOverrideReason: String? = nil
    ) {
        self.itemCode = itemCode
        self.specification = specification
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.lineTotal = lineTotal
        self.priceOverrideReason = priceOverrideReason
    }
}

/// An order as the system keeps it. Built only by `IntakeCheck` from a draft
/// that passed every automatic check, then moved only along legal transitions.
public struct Order: Hashable, Codable, Sendable {
    public var id: UUID
    /// Human order number per store and day, e.g. `SH01-20261129-0007`.
    public var number: String
    public var storeCode: String
    public var channel: Channel
    /// The platform's own id for platform orders: a re-sent order is recognised by it.
    public var externalReference: String?
    public var customer: Customer
    public var lines: [OrderLine]
    public var total: Money
    public var paymentMethod: PaymentMethod
    public var appointment: AppointmentWindow
    public var priority: Priority
    public var notes: String
    public var status: OrderStatus
    public var reviewReasons: [ReviewReason]
    public var createdAt: Date
    public var updatedAt: Date
    /// Optimistic concurrency: each saved change increments it; a write based
    /// on an older version is refused rather than silently overwriting.
    public var version: Int

    public init(
        id: UUID, number: String, storeCode: String, channel: Channel, externalReference: String?,
        customer: Customer, lines: [OrderLine], total: Money, paymentMethod: PaymentMethod,
        appointment: AppointmentWindow, priority: Priority, notes: String, status: OrderStatus,
        reviewReasons: [ReviewReason], createdAt: Date, updatedAt: Date, version: Int
    ) {
        self.id = id
        self.number = number
        self.storeCode = storeCode
        self.channel = channel
        self.externalReference = externalReference
        self.customer = customer
        self.lines = lines
        self.total = total
        self.paymentMethod = paymentMethod
        self.appointment = appointment
        self.priority = priority
        self.notes = notes
        self.status = status
        self.reviewReasons = reviewReasons
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// Moves the order to `next`, or throws when the state machine has no such edge.
    public mutating func move(to next: OrderStatus, at instant: Date) throws(IllegalTransition) {
        guard status.canMove(to: next) else { throw IllegalTransition(from: status, to: next) }
        status = next
        updatedAt = instant
    }
}

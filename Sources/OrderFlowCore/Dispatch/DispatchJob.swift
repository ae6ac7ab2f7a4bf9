import Foundation

/// An order as dispatch sees it (R3.1–R3.3): what it needs, when, where, and
/// how urgent it is. Made from a confirmed order and the catalog.
public struct DispatchJob: Hashable, Sendable {
    public var orderID: UUID
    public var number: String
    public var storeCode: String
    /// Every skill its items need, with the highest level any item asks for.
    public var requiredSkills: Set<String>
    /// The customer's window: the technician arrives, and starts, inside it.
    public var window: AppointmentWindow
    public var durationMinutes: Int
    public var onSite: Bool
    public var priority: Priority
    public var keyCustomer: Bool
    /// The technician who served this customer before, for continuity.
    public var previousTechnician: UUID?
    /// Complex jobs (many units, long durations) favour experienced hands.
    public var complexity: Int

    public init(
        orderID: UUID, number: String, storeCode: String, requiredSkills: Set<String>, window: AppointmentWindow,
        durationMinutes: Int, onSite: Bool, priority: Priority, keyCustomer: Bool,
        previousTechnician: UUID? = nil, complexity: Int = 1
    ) {
        self.orderID = orderID
        self.number = number
        self.storeCode = storeCode
        self.requiredSkills = requiredSkills
        self.window = window
        self.durationMinutes = durationMinutes
        self.onSite = onSite
        self.priority = priority
        self.keyCustomer = keyCustomer
        self.previousTechnician = previousTechnician
        self.complexity = complexity
    }

    public var duration: TimeInterval { TimeInterval(durationMinutes) * 60 }

    /// The latest start: the window is when the technician arrives (上门时间段),
    /// so the job starts inside it and may run past its end.
    public var latestStart: Date { window.end }

    /// Builds the job of an order: skills and durations from its catalog items.
    public static func of(_ order: Order, catalog: [String: ServiceItem], previousTechnician: UUID? = nil)
        -> DispatchJob
    {
        var skills: Set<String> = []
        var minutes = 0
        var onSite = false
        for line in order.lines {
            guard let item = catalog[line.itemCode] else { continue }
            skills.formUnion(item.requiredSkills)
            minutes += item.estimatedMinutes * max(1, line.quantity)
            onSite = onSite || item.location == .onSite
        }
        let units = order.lines.reduce(0) { $0 + $1.quantity }
        return DispatchJob(
            orderID: order.id, number: order.number, storeCode: order.storeCode, requiredSkills: skills,
            window: order.appointment, durationMinutes: max(minutes, 15), onSite: onSite, priority: order.priority,
            keyCustomer: order.customer.tier == .key, previousTechnician: previousTechnician,
            complexity: min(5, 1 + units / 3 + minutes / 240))
    }
}

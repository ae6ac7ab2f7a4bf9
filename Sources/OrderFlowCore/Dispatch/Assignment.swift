import Foundation

/// Who does an order, when, and why (任务分配, R3.1–R3.3). One current
/// assignment per order; every change of it is also an event in the
/// order's timeline, so the history stays.
public struct Assignment: Hashable, Codable, Sendable {
    public enum Mode: String, Hashable, Codable, Sendable {
        case automatic
        case manual
    }

    /// A technician who was considered and not chosen, and why.
    public struct RunnerUp: Hashable, Codable, Sendable {
        public var staffID: UUID
        /// Their cost when they could have done it; nil when a hard constraint stopped them.
        public var total: Double?
        public var reasons: [LocalizedText]

        public init(staffID: UUID, total: Double?, reasons: [LocalizedText]) {
            self.staffID = staffID
            self.total = total
            self.reasons = reasons
        }
    }

    public var orderID: UUID
    public var orderNumber: String
    public var storeCode: String
    /// Everyone who goes, the lead first.
    public var technicianIDs: [UUID]
    /// Set when a team was assigned as a unit.
    public var team: String?
    public var start: Date
    public var end: Date
    public var onSite: Bool
    public var mode: Mode
    /// Why this choice: required for manual assignment and reassignment.
    public var reason: String?
    /// The soft objectives the dispatcher knowingly departed from, and why.
    public var departures: [SoftDeparture]
    public var overrideReason: String?
    /// The automatic choice's cost, part by part; nil for manual choices.
    public var score: ScoreBreakdown?
    public var runnersUp: [RunnerUp]
    public var assignedBy: String
    public var assignedAt: Date

    public init(
        orderID: UUID, orderNumber: String, storeCode: String, technicianIDs: [UUID], team: String?, start: Date,
        end: Date, onSite: Bool, mode: Mode, reason: String?, departures: [SoftDeparture] = [],
        overrideReason: String? = nil, score: ScoreBreakdown? = nil, runnersUp: [RunnerUp] = [], assignedBy: String,
        assignedAt: Date
    ) {
        self.orderID = orderID
        self.orderNumber = orderNumber
        self.storeCode = storeCode
        self.technicianIDs = technicianIDs
        self.team = team
        self.start = start
        self.end = end
        self.onSite = onSite
        self.mode = mode
        self.reason = reason
        self.departures = departures
        self.overrideReason = overrideReason
        self.score = score
        self.runnersUp = runnersUp
        self.assignedBy = assignedBy
        self.assignedAt = assignedAt
    }

    public var lead: UUID? { technicianIDs.first }

    /// The booking it puts on each of its technicians' days.
    public var booking: Booking { Booking(orderNumber: orderNumber, start: start, end: end, onSite: onSite) }
}

import Foundation

/// Where an after-sales request stands (R6.3, R6.4). Declined claims keep
/// their explanation; accepted ones are worked on until the customer is
/// satisfied and the claim is closed.
public enum ClaimStatus: String, Hashable, Codable, Sendable, CaseIterable {
    case accepted
    case declined
    case closed

    public var label: LocalizedText {
        switch self {
        case .accepted: LocalizedText(zhHans: "已受理", en: "Accepted")
        case .declined: LocalizedText(zhHans: "不符合政策", en: "Not eligible")
        case .closed: LocalizedText(zhHans: "已办结", en: "Closed")
        }
    }
}

/// One step of the handling (R6.4), and whether the customer was told.
public struct ClaimProgress: Hashable, Codable, Sendable {
    public var at: Date
    /// The actor who wrote it, e.g. `staff:…`.
    public var by: String
    public var message: String
    public var sentToCustomer: Bool

    public init(at: Date, by: String, message: String, sentToCustomer: Bool) {
        self.at = at
        self.by = by
        self.message = message
        self.sentToCustomer = sentToCustomer
    }
}

/// How soon a claim must be answered and resolved (R6.4), in clock hours:
/// a customer with a broken appliance waits through nights and weekends too.
public struct ClaimTimeLimits: Hashable, Codable, Sendable {
    public var respondWithinHours: Int
    public var resolveWithinHours: Int

    public init(respondWithinHours: Int = 4, resolveWithinHours: Int = 72) {
        self.respondWithinHours = respondWithinHours
        self.resolveWithinHours = resolveWithinHours
    }

    public static let standard = ClaimTimeLimits()

    public func deadlines(from receivedAt: Date) -> (respondBy: Date, resolveBy: Date) {
        (
            receivedAt.addingTimeInterval(Double(respondWithinHours) * 3_600),
            receivedAt.addingTimeInterval(Double(resolveWithinHours) * 3_600)
        )
    }
}

/// An after-sales request (售后申请, R6.2–R6.4): who asked, about which order
/// and item, what the warranty check decided, and how it was handled.
public struct WarrantyClaim: Hashable, OrderDocument {
    public var id: UUID
    public var orderID: UUID
    public var orderNumber: String
    public var storeCode: String
    /// The catalog item the problem concerns: its policy decides.
    public var itemCode: String
    /// Who did the original job, so that problems can be traced to people (R6.5).
    public var technicianIDs: [UUID]
    public var channel: ClaimChannel
    public var contactName: String
    public var contactPhone: String
    /// A problem code, usually a `WarrantyProblem`.
    public var problem: String
    public var description: String
    public var receivedBy: String
    public var receivedAt: Date
    public var assessment: ClaimAssessment
    public var status: ClaimStatus
    public var ownerID: UUID?
    public var respondBy: Date?
    public var resolveBy: Date?
    /// The rework or repair order raised to do the work, if any.
    public var repairOrderNumber: String?
    public var causeAnalysis: String
    public var solution: String
    public var progress: [ClaimProgress]
    public var closedAt: Date?
    /// The customer's satisfaction when closing, 1 to 5.
    public var satisfaction: Int?
    public var closingNote: String
    public var version: Int
    /// When a missed time limit was escalated to the store manager, once each (R6.4).
    public var responseEscalatedAt: Date?
    public var resolutionEscalatedAt: Date?

    public init(
        id: UUID, orderID: UUID, orderNumber: String, storeCode: String, itemCode: String, technicianIDs: [UUID],
        channel: ClaimChannel, contactName: String, contactPhone: String, problem: String, description: String,
        receivedBy: String, receivedAt: Date, assessment: ClaimAssessment, status: ClaimStatus, ownerID: UUID? = nil,
        respondBy: Date? = nil, resolveBy: Date? = nil, repairOrderNumber: String? = nil, causeAnalysis: String = "",
        solution: String = "", progress: [ClaimProgress] = [], closedAt: Date? = nil, satisfaction: Int? = nil,
        closingNote: String = "", version: Int = 1
    ) {
        self.id = id
        self.orderID = orderID
        self.orderNumber = orderNumber
        self.storeCode = storeCode
        self.itemCode = itemCode
        self.technicianIDs = technicianIDs
        self.channel = channel
        self.contactName = contactName
        self.contactPhone = contactPhone
        self.problem = problem
        self.description = description
        self.receivedBy = receivedBy
        self.receivedAt = receivedAt
        self.assessment = assessment
        self.status = status
        self.ownerID = ownerID
        self.respondBy = respondBy
        self.resolveBy = resolveBy
        self.repairOrderNumber = repairOrderNumber
        self.causeAnalysis = causeAnalysis
        self.solution = solution
        self.progress = progress
        self.closedAt = closedAt
        self.satisfaction = satisfaction
        self.closingNote = closingNote
        self.version = version
    }

    /// When the customer was first told something, the claim's answer.
    public var firstResponseAt: Date? {
        progress.filter(\.sentToCustomer).map(\.at).min()
    }

    /// The customer was not answered in time: nothing sent by `respondBy`.
    public func isResponseOverdue(at now: Date) -> Bool {
        guard let respondBy else { return false }
        return (firstResponseAt ?? now) > respondBy
    }

    /// The claim was not closed in time.
    public func isResolutionOverdue(at now: Date) -> Bool {
        guard let resolveBy else { return false }
        return (closedAt ?? now) > resolveBy
    }
}

extension WarrantyClaim {
    /// Who may own an accepted claim (R6.3): after-sales, customer service,
    /// or the store's manager.
    public static let ownerRoles: Set<Role> = [.afterSales, .customerService, .storeManager]
}

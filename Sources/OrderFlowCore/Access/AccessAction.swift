/// Everything a caller can ask of OrderFlow, one case per use case. Every
/// API operation, console screen and CLI command names one of these, and
/// `AccessPolicy` is the one place that says who may do it.
public enum AccessAction: String, Codable, Sendable, CaseIterable {
    case createOrder
    case readOrder
    case cancelOrder
    case readReviewQueue
    case decideReview
    case readReviewPolicy
    case updateReviewPolicy
    case readReferenceData
    /// Prices and availability of the service catalog.
    case manageReferenceData
    /// A store's opening hours, holidays and phone.
    case manageStore
    case revealPersonalData
    case readAuditLog
    /// Staff accounts and technician profiles of the granted stores.
    case readStaff
    case manageStaff
    case manageTokens
    case platformIntake
    /// A customer booking on a store's public page (channel "website").
    case bookOnline
    /// One's own account: who am I, change my password. Every role has it.
    case useOwnAccount
    /// A store's dispatch board and queue for a day, and assignment suggestions.
    case readDispatchBoard
    /// Assigning, reassigning and withdrawing jobs, one by one or a whole day.
    case assignOrder
    /// A store's dispatch weights, travel buffer and check-in rule (R3.2).
    case manageDispatchSettings
    /// A technician's records on their job: contact, survey, checklist,
    /// check-in and check-out, service record (R3.4–R3.8).
    case workOnJob
    /// The time limits of every stage (R4.4): reading them, and setting them.
    case readTimeLimits
    case manageTimeLimits
    /// Stopping and restarting an order's stage clock while it waits on the customer (R4.4).
    case pauseStageClock
    /// Seeing and acknowledging the stage alerts addressed to one (R4.5).
    case handleAlerts
    /// The notification deliveries of one's stores: the dead-letter list and
    /// sending again (B3).
    case manageNotifications
    /// The integrations' webhook endpoints, which receive every store's events.
    case manageWebhooks
    /// Follow-up tasks: making them, logging each contact, closing them (R4.2).
    case handleFollowUps
    /// Writing down feedback a customer gave by phone, SMS or e-mail (R4.3).
    case recordFeedback
    /// Problem cases: opening, attributing, correcting, telling the customer, resolving (R4.7, R4.8).
    case handleProblemCases
    /// The analysis of delays and their causes (R4.6).
    case readDelayAnalysis
    /// Delivery beyond the technician's own job: assigning rework, writing
    /// down an answer the customer gave by phone after a lapse was
    /// escalated, adding documents to an order (R5.3–R5.5).
    case handleDelivery
    /// Warranty claims: receiving, assessing, handling, closing (R6.2–R6.4).
    case handleWarrantyClaims
    /// After-sales statistics: common problems and complaint hot spots (R6.5).
    case readAfterSalesStatistics
    /// The marks on a technician's assessment record (R4.7): their managers'
    /// to read, and the technician's own.
    case readAssessmentMarks
}

/// How far an allowed action reaches for one role.
public enum AccessReach: Hashable, Sendable {
    /// Every order of the stores the grant covers.
    case grantedStores
    /// Only jobs assigned to the person (technicians).
    case ownJobs
}

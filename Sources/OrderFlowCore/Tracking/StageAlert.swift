import Foundation

/// What an alert says about a stage (R4.5).
public enum AlertKind: String, Hashable, Codable, Sendable, CaseIterable {
    /// The early-warning share of the limit is used (预警).
    case warning
    /// The limit has passed (超时).
    case overdue
    /// The overdue alert was not acknowledged in time: the store manager is told (升级).
    case escalated

    public var label: LocalizedText {
        switch self {
        case .warning: LocalizedText(zhHans: "预警", en: "Early warning")
        case .overdue: LocalizedText(zhHans: "超时", en: "Overdue")
        case .escalated: LocalizedText(zhHans: "已升级", en: "Escalated")
        }
    }
}

/// Who an alert is for: roles of the order's store, and named people (the
/// technicians of the job). The store manager sees every alert of the store.
public struct AlertAudience: Hashable, Codable, Sendable {
    public var roles: Set<Role>
    public var staffIDs: Set<UUID>

    public init(roles: Set<Role>, staffIDs: Set<UUID> = []) {
        self.roles = roles
        self.staffIDs = staffIDs
    }

    /// The people responsible for each stage, by the procedure's division
    /// of work; an escalation goes to the store manager.
    public static func responsible(
        for stage: TrackingStage, kind: AlertKind, technicians: [UUID]
    ) -> AlertAudience {
        if kind == .escalated { return AlertAudience(roles: [.storeManager]) }
        switch stage {
        case .review: return AlertAudience(roles: [.reviewer])
        case .dispatch: return AlertAudience(roles: [.dispatcher])
        case .customerContact, .arrival, .service, .deliveryReport, .rework:
            return AlertAudience(roles: [.dispatcher], staffIDs: Set(technicians))
        case .acceptance: return AlertAudience(roles: [.customerService])
        case .settlement: return AlertAudience(roles: [.finance])
        }
    }
}

/// One alert on one run of one stage of an order: raised once, then
/// acknowledged by someone responsible, or resolved when the stage ends.
public struct StageAlert: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var orderID: UUID
    public var orderNumber: String
    public var storeCode: String
    public var stage: TrackingStage
    /// When this run of the stage began: with the stage and kind, what makes the alert unique.
    public var stageSince: Date
    public var kind: AlertKind
    public var deadline: Date
    /// The instant the alert fell due; `raisedAt` minus this is the monitor's latency.
    public var dueAt: Date
    public var raisedAt: Date
    public var audience: AlertAudience
    public var acknowledgedAt: Date?
    public var acknowledgedBy: String?
    public var resolvedAt: Date?
    /// Why the stage ran late, as the person who took the alert on said (R4.6).
    public var cause: DelayCause?
    public var causeNote: String?

    public init(
        id: UUID, orderID: UUID, orderNumber: String, storeCode: String, stage: TrackingStage, stageSince: Date,
        kind: AlertKind, deadline: Date, dueAt: Date, raisedAt: Date, audience: AlertAudience,
        acknowledgedAt: Date? = nil, acknowledgedBy: String? = nil, resolvedAt: Date? = nil, cause: DelayCause? = nil,
        causeNote: String? = nil
    ) {
        self.cause = cause
        self.causeNote = causeNote
        self.id = id
        self.orderID = orderID
        self.orderNumber = orderNumber
        self.storeCode = storeCode
        self.stage = stage
        self.stageSince = stageSince
        self.kind = kind
        self.deadline = deadline
        self.dueAt = dueAt
        self.raisedAt = raisedAt
        self.audience = audience
        self.acknowledgedAt = acknowledgedAt
        self.acknowledgedBy = acknowledgedBy
        self.resolvedAt = resolvedAt
    }

    /// Still asking for attention: neither acknowledged nor over.
    public var isOpen: Bool { acknowledgedAt == nil && resolvedAt == nil }
}

extension StageAlert {
    /// One late stage of one order is one line of work: its overdue alert
    /// and its escalation are the same lateness, told to different people.
    /// Keeps the most severe alert of each stage run, in the given order.
    public static func onePerStageRun(_ alerts: [StageAlert]) -> [StageAlert] {
        func severity(_ kind: AlertKind) -> Int { AlertKind.allCases.firstIndex(of: kind) ?? 0 }
        var best: [String: StageAlert] = [:]
        var order: [String] = []
        for alert in alerts {
            let key = "\(alert.orderID)|\(alert.stage.rawValue)|\(alert.stageSince.timeIntervalSince1970)"
            if let kept = best[key] {
                if severity(alert.kind) > severity(kept.kind) { best[key] = alert }
            } else {
                best[key] = alert
                order.append(key)
            }
        }
        return order.compactMap { best[$0] }
    }

    /// Whether two alerts are about the same run of the same order's stage.
    public func isSameStageRun(as other: StageAlert) -> Bool {
        orderID == other.orderID && stage == other.stage && stageSince == other.stageSince
    }
}

import Foundation

/// A follow-up task (跟进任务, R4.2): someone must contact the customer
/// about an order by a due time. Made by hand, or by a rule (after the
/// service, after poor feedback, with a problem case).
public struct FollowUp: Hashable, Codable, Sendable, Identifiable {
    public enum Status: String, Hashable, Codable, Sendable, CaseIterable {
        case open
        case done
        case cancelled
    }

    public var id: UUID
    public var orderID: UUID
    public var orderNumber: String
    public var storeCode: String
    public var ownerID: UUID
    public var reason: String
    public var dueAt: Date
    /// `manual`, or the rule that made it (`rule.afterService` …).
    public var origin: String
    public var status: Status
    public var createdBy: String
    public var createdAt: Date
    public var closedAt: Date?
    public var outcome: String?
    public var contacts: [FollowUpContact]

    public init(
        id: UUID, orderID: UUID, orderNumber: String, storeCode: String, ownerID: UUID, reason: String, dueAt: Date,
        origin: String, status: Status = .open, createdBy: String, createdAt: Date, closedAt: Date? = nil,
        outcome: String? = nil, contacts: [FollowUpContact] = []
    ) {
        self.id = id
        self.orderID = orderID
        self.orderNumber = orderNumber
        self.storeCode = storeCode
        self.ownerID = ownerID
        self.reason = reason
        self.dueAt = dueAt
        self.origin = origin
        self.status = status
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.closedAt = closedAt
        self.outcome = outcome
        self.contacts = contacts
    }

    public func isOverdue(at now: Date) -> Bool { status == .open && dueAt < now }
}

/// How a contact was made.
public enum ContactChannel: String, Hashable, Codable, Sendable, CaseIterable {
    case phone
    case sms
    case email
    case wechat
    case visit

    public var label: LocalizedText {
        switch self {
        case .phone: LocalizedText(zhHans: "电话", en: "Phone")
        case .sms: LocalizedText(zhHans: "短信", en: "SMS")
        case .email: LocalizedText(zhHans: "电子邮件", en: "E-mail")
        case .wechat: LocalizedText(zhHans: "微信", en: "WeChat")
        case .visit: LocalizedText(zhHans: "上门", en: "Visit")
        }
    }
}

/// What came of a contact.
public enum FollowUpResult: String, Hashable, Codable, Sendable, CaseIterable {
    case reached
    case noAnswer
    case callBackLater
    case wrongNumber

    public var label: LocalizedText {
        switch self {
        case .reached: LocalizedText(zhHans: "已联系上", en: "Reached")
        case .noAnswer: LocalizedText(zhHans: "无人接听", en: "No answer")
        case .callBackLater: LocalizedText(zhHans: "约定稍后再联系", en: "Call back later")
        case .wrongNumber: LocalizedText(zhHans: "号码错误", en: "Wrong number")
        }
    }
}

/// One contact of a follow-up: who, how, with what result (R4.2).
public struct FollowUpContact: Hashable, Codable, Sendable {
    public var actor: String
    public var channel: ContactChannel
    public var result: FollowUpResult
    public var note: String
    public var at: Date

    public init(actor: String, channel: ContactChannel, result: FollowUpResult, note: String, at: Date) {
        self.actor = actor
        self.channel = channel
        self.result = result
        self.note = note
        self.at = at
    }
}

/// The rules that make follow-ups without anyone asking (R4.2): which
/// role owns it and how long after the trigger it is due.
public enum FollowUpRule: String, Hashable, Codable, Sendable, CaseIterable {
    /// A return call (回访) two days after the service: was all well?
    case afterService
    /// A customer rated the service 1 or 2: the store manager calls within four hours.
    case poorFeedback
    /// A problem case is open: its owner confirms with the customer by the promised time.
    case problemCase
    /// A delivery report went unanswered past its period and the store escalates (R5.3).
    case acceptanceLapsed
    /// An after-sales request missed its time limit: the store manager steps in (R6.4).
    case claimOverdue

    public var ownerRoles: [Role] {
        switch self {
        case .afterService: [.customerService, .afterSales, .storeManager]
        case .poorFeedback: [.storeManager]
        case .problemCase: [.afterSales, .customerService, .storeManager]
        case .acceptanceLapsed, .claimOverdue: [.storeManager]
        }
    }

    public var dueAfter: TimeInterval {
        switch self {
        case .afterService: 2 * 86_400
        case .poorFeedback: 4 * 3600
        case .problemCase: 24 * 3600
        case .acceptanceLapsed: 8 * 3600
        case .claimOverdue: 2 * 3600
        }
    }

    public var reason: LocalizedText {
        switch self {
        case .afterService: LocalizedText(zhHans: "服务回访：确认客户满意", en: "Return call: is the customer satisfied?")
        case .poorFeedback: LocalizedText(zhHans: "客户评价较差：了解原因并跟进", en: "Poor rating: find out why and follow up")
        case .problemCase:
            LocalizedText(zhHans: "问题处理：向客户确认处理结果", en: "Problem case: confirm the outcome with the customer")
        case .acceptanceLapsed:
            LocalizedText(
                zhHans: "验收期满未答复：联系客户完成验收", en: "Acceptance lapsed: reach the customer for their answer")
        case .claimOverdue:
            LocalizedText(
                zhHans: "售后申请超时：联系客户并督办处理", en: "After-sales request overdue: call the customer and push it through")
        }
    }
}

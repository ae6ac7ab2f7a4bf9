/// The kinds of entry in an order's timeline. The raw values are stored in
/// the event log and never renamed.
public enum OrderEventType: String, Codable, Sendable, CaseIterable {
    /// Accepted by the automatic check; payload: the order as entered.
    case received = "order.received"
    /// Sent to the review queue; payload: the reasons.
    case reviewRequested = "order.reviewRequested"
    /// Confirmed without review because no rule matched.
    case autoConfirmed = "order.autoConfirmed"
    case approved = "order.approved"
    case rejected = "order.rejected"
    case cancelled = "order.cancelled"

    public var label: LocalizedText {
        switch self {
        case .received: LocalizedText(zhHans: "订单已接收", en: "Order received")
        case .reviewRequested: LocalizedText(zhHans: "转人工审核", en: "Sent to manual review")
        case .autoConfirmed: LocalizedText(zhHans: "系统审核通过", en: "Confirmed by the automatic check")
        case .approved: LocalizedText(zhHans: "人工审核通过", en: "Approved in review")
        case .rejected: LocalizedText(zhHans: "已驳回", en: "Rejected")
        case .cancelled: LocalizedText(zhHans: "已取消", en: "Cancelled")
        }
    }
}

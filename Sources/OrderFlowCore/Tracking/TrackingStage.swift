/// The stages of an order that have time limits (时间节点, R4.4), in the
/// order they happen. Each starts when the previous one ends.
public enum TrackingStage: String, Hashable, Codable, CodingKeyRepresentable, Sendable, CaseIterable {
    /// From receipt to the review decision.
    case review
    /// From confirmation to assignment.
    case dispatch
    /// From assignment to the technician's contact with the customer.
    case customerContact
    /// From contact to check-in on site.
    case arrival
    /// From check-in to check-out.
    case service
    /// From check-out to the delivery report.
    case deliveryReport
    /// From the acceptance request to the customer's answer.
    case acceptance
    /// From a rejected acceptance to the new delivery report (R5.4).
    case rework
    /// From delivery to settlement.
    case settlement

    public var label: LocalizedText {
        switch self {
        case .review: LocalizedText(zhHans: "审核", en: "Review")
        case .dispatch: LocalizedText(zhHans: "派单", en: "Dispatch")
        case .customerContact: LocalizedText(zhHans: "联系客户", en: "Customer contact")
        case .arrival: LocalizedText(zhHans: "上门", en: "Arrival")
        case .service: LocalizedText(zhHans: "服务", en: "Service")
        case .deliveryReport: LocalizedText(zhHans: "交付报告", en: "Delivery report")
        case .acceptance: LocalizedText(zhHans: "验收", en: "Acceptance")
        case .rework: LocalizedText(zhHans: "返工整改", en: "Rework")
        case .settlement: LocalizedText(zhHans: "结算", en: "Settlement")
        }
    }
}

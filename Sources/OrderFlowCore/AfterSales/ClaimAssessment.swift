import Foundation

/// Why a claim was declined (R6.3), as stored on the claim and counted.
public enum ClaimRefusalReason: String, Hashable, Codable, Sendable, CaseIterable {
    case noPolicy
    case notDelivered
    case periodOver
    case outOfScope
    case excluded

    public var label: LocalizedText {
        switch self {
        case .noPolicy: LocalizedText(zhHans: "该服务项目无保修政策", en: "No warranty for this service item")
        case .notDelivered: LocalizedText(zhHans: "订单尚未交付", en: "Order not delivered yet")
        case .periodOver: LocalizedText(zhHans: "已过质保期", en: "Warranty period over")
        case .outOfScope: LocalizedText(zhHans: "不在保修范围内", en: "Not within the warranty scope")
        case .excluded: LocalizedText(zhHans: "属于保修除外情形", en: "Excluded from the warranty")
        }
    }

    /// One frame for every refusal, so that they all read alike: an apology,
    /// the reason, and the way forward.
    static func declined(because reason: LocalizedText) -> LocalizedText {
        LocalizedText(
            zhHans: "很抱歉，您的售后申请不符合保修政策：\(reason.zhHans)。如仍需服务，欢迎联系我们另行预约。",
            en: "We are sorry: your after-sales request is not covered by the warranty, as \(reason.en). "
                + "If you still need the work done, we will gladly book it as a new order.")
    }
}

/// The outcome of checking a claim against the item's warranty (R6.2, R6.3),
/// kept on the claim as it was decided, with the explanation the customer got.
public struct ClaimAssessment: Hashable, Codable, Sendable {
    public var eligible: Bool
    /// A `ClaimRefusalReason` raw value; nil when eligible.
    public var refusalReason: String?
    public var explanation: LocalizedText
    /// When the warranty ends (or ended); nil without a policy or a delivery.
    public var warrantyEndsAt: Date?
    /// Who pays for the work; only set when eligible.
    public var costBearer: WarrantyCostBearer?

    public init(
        eligible: Bool, refusalReason: String?, explanation: LocalizedText, warrantyEndsAt: Date?,
        costBearer: WarrantyCostBearer?
    ) {
        self.eligible = eligible
        self.refusalReason = refusalReason
        self.explanation = explanation
        self.warrantyEndsAt = warrantyEndsAt
        self.costBearer = costBearer
    }

    public var refusal: ClaimRefusalReason? { refusalReason.flatMap(ClaimRefusalReason.init(rawValue:)) }

    /// Eligible claims are accepted and get an owner; the others are declined
    /// with their explanation (R6.3).
    public var initialStatus: ClaimStatus { eligible ? .accepted : .declined }
}

extension WarrantyClaim {
    /// Checks a claim (R6.3): the item must have a warranty, the order must
    /// have been delivered (the period counts from delivery), and then the
    /// policy decides on period, scope and exclusions.
    public static func assess(
        policy: WarrantyPolicy?, deliveredAt: Date?, claimedAt: Date, problem: String, causes: Set<String>,
        in zone: TimeZone = .shanghai
    ) -> ClaimAssessment {
        guard let policy else {
            return ClaimAssessment(
                eligible: false, refusalReason: ClaimRefusalReason.noPolicy.rawValue,
                explanation: ClaimRefusalReason.declined(
                    because: LocalizedText(
                        zhHans: "该服务项目不提供保修", en: "this service item comes without a warranty")),
                warrantyEndsAt: nil, costBearer: nil)
        }
        guard let deliveredAt else {
            // Not a refusal of the problem itself: the order is still open and
            // is set right as part of the order, before any warranty starts.
            return ClaimAssessment(
                eligible: false, refusalReason: ClaimRefusalReason.notDelivered.rawValue,
                explanation: LocalizedText(
                    zhHans: "您的订单尚未交付，质保期尚未开始，因此无法按售后申请受理。我们会在订单服务过程中直接跟进您反映的问题。",
                    en: "Your order has not been delivered yet, so its warranty has not started and this cannot be "
                        + "taken as an after-sales request. We will follow up on the problem as part of the order itself."
                ),
                warrantyEndsAt: nil, costBearer: nil)
        }
        let endsAt = deliveredAt.addingTimeInterval(Double(policy.periodDays) * 86_400)
        let outcome = policy.eligibility(
            deliveredAt: deliveredAt, claimedAt: claimedAt, problem: problem, causes: causes)
        switch outcome {
        case .eligible(let until, let costBearer):
            return ClaimAssessment(
                eligible: true, refusalReason: nil, explanation: outcome.explanation(in: zone), warrantyEndsAt: until,
                costBearer: costBearer)
        case .ineligible(let refusal):
            return ClaimAssessment(
                eligible: false, refusalReason: refusal.code, explanation: refusal.explanation(in: zone),
                warrantyEndsAt: endsAt, costBearer: nil)
        }
    }
}

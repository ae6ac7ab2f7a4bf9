import Foundation

extension WarrantyCostBearer {
    public var label: LocalizedText {
        switch self {
        case .company: LocalizedText(zhHans: "本公司", en: "The company")
        case .manufacturer: LocalizedText(zhHans: "厂家", en: "The manufacturer")
        case .customer: LocalizedText(zhHans: "客户", en: "The customer")
        }
    }

    /// The same, as the customer is told it.
    var customerSentence: LocalizedText {
        switch self {
        case .company: LocalizedText(zhHans: "费用由我们承担。", en: "The cost is borne by us.")
        case .manufacturer: LocalizedText(zhHans: "费用由厂家承担。", en: "The cost is borne by the manufacturer.")
        case .customer: LocalizedText(zhHans: "相关费用需由您承担。", en: "The costs are borne by you.")
        }
    }
}

/// Sentences sent to the customer (R6.3): what was decided and why, with the
/// dates as the customer reads them on their calendar (the store's day).
extension WarrantyEligibility {
    /// In Asia/Shanghai, where the company's stores are.
    public var explanation: LocalizedText { explanation(in: .shanghai) }

    public func explanation(in zone: TimeZone) -> LocalizedText {
        switch self {
        case .eligible(let until, let costBearer):
            let day = CustomerDate.text(until, in: zone)
            let cost = costBearer.customerSentence
            return LocalizedText(
                zhHans: "您的售后申请符合保修政策（质保期至 \(day)），我们已受理，将尽快为您安排处理。\(cost.zhHans)",
                en: "Your after-sales request is covered by the warranty (valid until \(day)). "
                    + "We have accepted it and will arrange the work shortly. \(cost.en)")
        case .ineligible(let refusal):
            return refusal.explanation(in: zone)
        }
    }
}

extension WarrantyRefusal {
    /// The reason code stored with a declined claim.
    public var code: String {
        switch self {
        case .periodOver: ClaimRefusalReason.periodOver.rawValue
        case .outOfScope: ClaimRefusalReason.outOfScope.rawValue
        case .excluded: ClaimRefusalReason.excluded.rawValue
        }
    }

    /// In Asia/Shanghai, where the company's stores are.
    public var explanation: LocalizedText { explanation(in: .shanghai) }

    public func explanation(in zone: TimeZone) -> LocalizedText {
        let reason: LocalizedText
        switch self {
        case .periodOver(let endedAt):
            let day = CustomerDate.text(endedAt, in: zone)
            reason = LocalizedText(
                zhHans: "该服务的质保期已于 \(day) 结束",
                en: "the warranty period of this service ended on \(day)")
        case .outOfScope(let problem):
            let label = WarrantyProblem.label(for: problem)
            reason = LocalizedText(
                zhHans: "您反映的问题“\(label.zhHans)”不在该服务项目的保修范围内",
                en: "the problem you reported, “\(label.en)”, is not within this service's warranty scope")
        case .excluded(let cause):
            let label = WarrantyExclusion.label(for: cause)
            reason = LocalizedText(
                zhHans: "经核实，问题原因为“\(label.zhHans)”，属于保修除外情形",
                en: "we found the cause to be “\(label.en)”, which the warranty excludes")
        }
        return ClaimRefusalReason.declined(because: reason)
    }
}

/// Dates in customer messages: `2026-12-01`, the day in the store's zone.
enum CustomerDate {
    static func text(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return LocalDate(date, in: calendar).description
    }
}

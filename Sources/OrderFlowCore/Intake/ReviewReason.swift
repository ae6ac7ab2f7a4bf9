/// Why an order waits for a person (人工审核, R2.4): a stable code for
/// programs, a message for the reviewer, and the other order when the
/// reason is a suspected duplicate.
public struct ReviewReason: Hashable, Codable, Sendable {
    public var code: String
    public var message: LocalizedText
    public var relatedOrderNumber: String?

    public init(code: String, message: LocalizedText, relatedOrderNumber: String? = nil) {
        self.code = code
        self.message = message
        self.relatedOrderNumber = relatedOrderNumber
    }

    public static func amountAtOrAboveThreshold(total: Money, threshold: Money) -> ReviewReason {
        ReviewReason(
            code: "amount.atOrAboveThreshold",
            message: LocalizedText(
                zhHans: "订单金额 \(total.formatted) 达到审核线 \(threshold.formatted)",
                en: "Order total \(total.formatted) is at or above the review threshold \(threshold.formatted)"))
    }

    public static let keyCustomer = ReviewReason(
        code: "customer.key", message: LocalizedText(zhHans: "重要客户订单", en: "Key customer order"))

    public static func priceOverride(line: Int, reason: String) -> ReviewReason {
        ReviewReason(
            code: "price.override",
            message: LocalizedText(
                zhHans: "第 \(line + 1) 项人工改价：\(reason)", en: "Line \(line + 1) priced by hand: \(reason)"))
    }

    public static func possibleDuplicate(of number: String) -> ReviewReason {
        ReviewReason(
            code: "order.possibleDuplicate",
            message: LocalizedText(
                zhHans: "疑似重复订单：同一电话、同一服务项目的订单 \(number) 时间相近",
                en: "Possible duplicate of \(number): same phone, same service item, close appointment"),
            relatedOrderNumber: number)
    }

    public static let blockedPhone = ReviewReason(
        code: "phone.blocked",
        message: LocalizedText(zhHans: "联系电话在黑名单中", en: "The phone number is on the block list"))
}

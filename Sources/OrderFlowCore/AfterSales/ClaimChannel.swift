/// How a customer raised an after-sales request (R6.2): by phone, e-mail or
/// online chat, written down by staff, or on the web through the link the
/// customer received with their order.
public enum ClaimChannel: String, Hashable, Codable, Sendable, CaseIterable {
    case phone
    case email
    case onlineChat
    case customerLink

    public var label: LocalizedText {
        switch self {
        case .phone: LocalizedText(zhHans: "电话", en: "Phone")
        case .email: LocalizedText(zhHans: "电子邮件", en: "E-mail")
        case .onlineChat: LocalizedText(zhHans: "在线客服", en: "Online chat")
        case .customerLink: LocalizedText(zhHans: "网页（客户链接）", en: "Web (customer link)")
        }
    }
}

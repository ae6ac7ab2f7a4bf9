/// How the customer pays (付款方式, R7.1).
public enum PaymentMethod: String, Codable, Sendable, CaseIterable {
    case cash
    case bankTransfer
    case cheque
    case wechatPay
    case alipay
    /// Paid through the third-party platform the order came from.
    case platform
    case other

    /// Which methods each channel may use (R2.3). Platform orders are paid
    /// on the platform and nowhere else; online bookings pay online or in
    /// cash on site; cheques and "other" arrangements need a person on the
    /// phone or at the counter to agree them.
    public static func allowed(for channel: Channel.Kind) -> Set<PaymentMethod> {
        switch channel {
        case .platform: [.platform]
        case .website, .app: [.wechatPay, .alipay, .bankTransfer, .cash]
        case .phone, .walkIn: [.cash, .bankTransfer, .cheque, .wechatPay, .alipay, .other]
        }
    }
}

/// Urgent orders go first (R3.3).
public enum Priority: String, Codable, Sendable, CaseIterable {
    case normal
    case urgent
}

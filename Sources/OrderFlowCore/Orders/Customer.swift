/// Key customers go first in dispatch (R3.3) and their orders get a second
/// look in review (R2.4).
public enum CustomerTier: String, Codable, Sendable, CaseIterable {
    case regular
    case key
}

/// The customer as recorded on an order: personal data (R1.4), so it is
/// masked wherever the reader does not need it.
public struct Customer: Hashable, Codable, Sendable {
    public var name: String
    /// Normalised: digits only for mobiles (`13812345678`), `area-number` for landlines.
    public var phone: String
    public var address: Address?
    public var tier: CustomerTier
    /// Where e-mail notifications go, when the customer gave one (B3).
    public var email: String?
    /// The language the customer is written to in; Chinese when not said.
    public var language: Language?

    public init(
        name: String, phone: String, address: Address?, tier: CustomerTier = .regular, email: String? = nil,
        language: Language? = nil
    ) {
        self.name = name
        self.phone = phone
        self.address = address
        self.tier = tier
        self.email = email
        self.language = language
    }
}

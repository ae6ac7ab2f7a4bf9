import Foundation

/// An order as someone entered it: every field optional, so that the
/// automatic check can report every missing or wrong field at once (R2.3)
/// instead of stopping at the first.
public struct OrderDraft: Hashable, Codable, Sendable {
    public var storeCode: String?
    public var channel: Channel.Kind?
    public var platformName: String?
    public var externalReference: String?
    public var customer: CustomerDraft?
    public var lines: [LineDraft]?
    /// The total the client computed, in fen; when sent it must match to the fen.
    public var total: Int64?
    public var paymentMethod: PaymentMethod?
    public var appointmentStart: Date?
    public var appointmentEnd: Date?
    public var priority: Priority?
    public var notes: String?

    public init(
        storeCode: String? = nil, channel: Channel.Kind? = nil, platformName: String? = nil,
        externalReference: String? = nil, customer: CustomerDraft? = nil, lines: [LineDraft]? = nil,
        total: Int64? = nil, paymentMethod: PaymentMethod? = nil, appointmentStart: Date? = nil,
        appointmentEnd: Date? = nil, priority: Priority? = nil, notes: String? = nil
    ) {
        self.storeCode = storeCode
        self.channel = channel
        self.platformName = platformName
        self.externalReference = externalReference
        self.customer = customer
        self.lines = lines
        self.total = total
        self.paymentMethod = paymentMethod
        self.appointmentStart = appointmentStart
        self.appointmentEnd = appointmentEnd
        self.priority = priority
        self.notes = notes
    }
}

public struct CustomerDraft: Hashable, Codable, Sendable {
    public var name: String?
    public var phone: String?
    public var address: AddressDraft?
    public var tier: CustomerTier?
    public var email: String?
    public var language: Language?

    public init(
        name: String? = nil, phone: String? = nil, address: AddressDraft? = nil, tier: CustomerTier? = nil,
        email: String? = nil, language: Language? = nil
    ) {
        self.name = name
        self.phone = phone
        self.address = address
        self.tier = tier
        self.email = email
        self.language = language
    }
}

public struct AddressDraft: Hashable, Codable, Sendable {
    public var province: String?
    public var city: String?
    public var district: String?
    public var detail: String?

    public init(province: String? = nil, city: String? = nil, district: String? = nil, detail: String? = nil) {
        self.province = province
        self.city = city
        self.district = district
        self.detail = detail
    }
}

public struct LineDraft: Hashable, Codable, Sendable {
    public var itemCode: String?
    public var specification: String?
    public var quantity: Int?
    /// Fen. Leave it out to take the catalog price; a different price needs
    /// `priceOverrideReason` and sends the order to review.
    public var unitPrice: Int64?
    public var priceOverrideReason: String?

    public init(
        itemCode: String? = nil, specification: String? = nil, quantity: Int? = nil, unitPrice: Int64? = nil,
        priceOverrideReason: String? = nil
    ) {
        self.itemCode = itemCode
        self.specification = specification
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.priceOverrideReason = priceOverrideReason
    }
}

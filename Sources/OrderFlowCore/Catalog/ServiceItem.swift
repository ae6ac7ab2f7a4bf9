/// Where a service is done: at the customer's address (needs a full address)
/// or in the store.
public enum ServiceLocation: String, Codable, Sendable, CaseIterable {
    case onSite
    case inStore
}

/// An entry in the company's service catalog (服务项目). Orders price their
/// lines from here (R2.2, R2.3); dispatch reads the skills (R3.1).
public struct ServiceItem: Hashable, Codable, Sendable {
    public var code: String
    public var name: LocalizedText
    /// What one unit is: 台 / unit, 次 / visit, 平方米 / m² …
    public var unit: LocalizedText
    public var unitPrice: Money
    public var requiredSkills: [String]
    public var estimatedMinutes: Int
    public var location: ServiceLocation
    public var active: Bool
    /// Checklist, service standard and safety notes (R3.5, R3.6).
    public var preparation: ServicePreparation
    /// Indicators, method and period of acceptance (R5.1); nil: no criteria.
    public var acceptance: AcceptanceStandard?
    /// Warranty period, scope, exclusions and cost (R6.1); nil: no warranty.
    public var warranty: WarrantyPolicy?

    public init(
        code: String, name: LocalizedText, unit: LocalizedText, unitPrice: Money,
        requiredSkills: [String], estimatedMinutes: Int, location: ServiceLocation, active: Bool = true,
        preparation: ServicePreparation = ServicePreparation(), acceptance: AcceptanceStandard? = nil,
        warranty: WarrantyPolicy? = nil
    ) {
        self.preparation = preparation
        self.acceptance = acceptance
        self.warranty = warranty
        self.code = code
        self.name = name
        self.unit = unit
        self.unitPrice = unitPrice
        self.requiredSkills = requiredSkills
        self.estimatedMinutes = estimatedMinutes
        self.location = location
        self.active = active
    }
}

/// The jobs people do with OrderFlow (issue: people and access control). A
/// person may hold several, each for some stores or, for head-office roles,
/// for all of them.
public enum Role: String, Codable, Sendable, CaseIterable {
    case administrator
    case storeManager
    case receptionist
    case customerService
    case reviewer
    case dispatcher
    case technician
    case afterSales
    case finance
    case archivist
    case supervisor
    case auditor

    public var label: LocalizedText {
        switch self {
        case .administrator: LocalizedText(zhHans: "系统管理员", en: "Administrator")
        case .storeManager: LocalizedText(zhHans: "门店经理", en: "Store manager")
        case .receptionist: LocalizedText(zhHans: "门店接待", en: "Receptionist")
        case .customerService: LocalizedText(zhHans: "客服人员", en: "Customer-service agent")
        case .reviewer: LocalizedText(zhHans: "审核员", en: "Reviewer")
        case .dispatcher: LocalizedText(zhHans: "调度员", en: "Dispatcher")
        case .technician: LocalizedText(zhHans: "服务人员", en: "Technician")
        case .afterSales: LocalizedText(zhHans: "售后服务人员", en: "After-sales agent")
        case .finance: LocalizedText(zhHans: "财务人员", en: "Finance clerk")
        case .archivist: LocalizedText(zhHans: "档案管理员", en: "Archivist")
        case .supervisor: LocalizedText(zhHans: "监督检查人员", en: "Supervisor")
        case .auditor: LocalizedText(zhHans: "审计人员", en: "Auditor")
        }
    }

    /// Roles that head office holds across every store. The others are
    /// always granted for named stores.
    public var mayCoverAllStores: Bool {
        switch self {
        case .administrator, .customerService, .reviewer, .finance, .archivist, .supervisor, .auditor: true
        case .storeManager, .receptionist, .dispatcher, .technician, .afterSales: false
        }
    }
}

/// Which stores a grant covers.
public enum StoreScope: Hashable, Codable, Sendable {
    case allStores
    case stores(Set<String>)

    public func covers(_ storeCode: String) -> Bool {
        switch self {
        case .allStores: true
        case .stores(let codes): codes.contains(storeCode)
        }
    }

    /// Stored as `"*"` for all stores, or the sorted list of store codes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .allStores: try container.encode("*")
        case .stores(let codes): try container.encode(codes.sorted())
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let all = try? container.decode(String.self), all == "*" {
            self = .allStores
        } else {
            self = .stores(Set(try container.decode([String].self)))
        }
    }
}

/// One role held for some stores.
public struct RoleGrant: Hashable, Codable, Sendable {
    public var role: Role
    public var scope: StoreScope

    public init(role: Role, scope: StoreScope) {
        self.role = role
        self.scope = scope
    }

    /// A grant is valid when store roles name at least one store.
    public var isValid: Bool {
        switch scope {
        case .allStores: role.mayCoverAllStores
        case .stores(let codes): !codes.isEmpty
        }
    }
}

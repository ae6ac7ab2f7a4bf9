import Foundation

/// A person who works with OrderFlow: store staff, call-centre agents,
/// technicians, head office. Accounts are disabled, never deleted, so that
/// everything they did stays attributable (R1.2).
public struct StaffMember: Hashable, Codable, Sendable {
    public var id: UUID
    /// Login name: lowercase letters, digits, dots, dashes and underscores.
    public var username: String
    public var displayName: String
    public var grants: [RoleGrant]
    /// The console language the person chose; nil: the browser's.
    public var preferredLanguage: Language?
    public var disabledAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(
        id: UUID, username: String, displayName: String, grants: [RoleGrant], preferredLanguage: Language? = nil,
        disabledAt: Date? = nil, createdAt: Date, updatedAt: Date, version: Int = 1
    ) {
        self.preferredLanguage = preferredLanguage
        self.id = id
        self.username = username
        self.displayName = displayName
        self.grants = grants
        self.disabledAt = disabledAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    public var isActive: Bool { disabledAt == nil }

    /// The normalised login name, or nil when it is not an acceptable one.
    public static func normalizedUsername(_ raw: String) -> String? {
        let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
        guard (3...32).contains(name.count),
            name.unicodeScalars.allSatisfy({
                CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789._-").contains($0)
            }),
            let first = name.first, first.isLetter
        else { return nil }
        return name
    }
}

extension StaffMember {
    /// Active, with a valid grant of one of `roles` that covers the store:
    /// who may be chosen for work there (a technician for rework or a
    /// problem case, an owner for a claim).
    public func serves(as roles: Set<Role>, in storeCode: String) -> Bool {
        disabledAt == nil && grants.contains { $0.isValid && roles.contains($0.role) && $0.scope.covers(storeCode) }
    }
}

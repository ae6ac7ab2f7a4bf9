import Foundation

/// A credential for an integration or platform (issue: people and access
/// control): shown once when created, stored only as a hash, scoped to
/// roles and stores, with an expiry, revocable.
public struct APIToken: Hashable, Codable, Sendable {
    public var id: UUID
    public var name: String
    /// The token's first characters, kept in clear so people can tell tokens apart.
    public var prefix: String
    public var grants: [RoleGrant]
    public var createdAt: Date
    public var createdBy: String
    public var expiresAt: Date?
    public var revokedAt: Date?

    public init(
        id: UUID, name: String, prefix: String, grants: [RoleGrant], createdAt: Date, createdBy: String,
        expiresAt: Date?, revokedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.prefix = prefix
        self.grants = grants
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// Whether the token may be used at `instant`: not revoked, not expired.
    public func isUsable(at instant: Date) -> Bool {
        guard revokedAt == nil else { return false }
        if let expiresAt, instant >= expiresAt { return false }
        return true
    }

    /// The secret text handed to the caller: `oft_` + 40 hex characters from
    /// 20 random bytes. The first 12 characters are the prefix.
    public static func secret(fromRandomBytes bytes: [UInt8]) -> String {
        "oft_" + bytes.hexString
    }

    public static func prefix(of secret: String) -> String { String(secret.prefix(12)) }

    /// Refuses a token definition people could not use safely.
    public static func problems(name: String, grants: [RoleGrant], expiresAt: Date?, now: Date) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if name.trimmedOrNil == nil {
            problems.append(IntakeProblem.required("name", LocalizedText(zhHans: "令牌名称", en: "Token name")))
        } else if name.count > TextLimits.shortText {
            problems.append(IntakeProblem.tooLong("name", limit: TextLimits.shortText))
        }
        if grants.isEmpty || grants.contains(where: { !$0.isValid }) {
            problems.append(
                FieldProblem(
                    field: "grants", code: "token.grantsInvalid",
                    message: LocalizedText(
                        zhHans: "请至少授予一个有效角色；门店角色须指定门店",
                        en: "Grant at least one valid role; store roles need named stores")))
        }
        if let expiresAt, expiresAt <= now {
            problems.append(
                FieldProblem(
                    field: "expiresAt", code: "token.expiryPast",
                    message: LocalizedText(zhHans: "到期时间须在将来", en: "The expiry must be in the future")))
        }
        return problems
    }
}

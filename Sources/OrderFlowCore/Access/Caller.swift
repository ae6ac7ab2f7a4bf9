import Foundation

/// Who is making a call, and what they hold: every API request, console
/// page and CLI command runs as one caller, and every use case asks the
/// caller (that is, `AccessPolicy`) before it acts.
public struct Caller: Hashable, Sendable {
    public var actor: Actor
    public var grants: [RoleGrant]
    /// The person's staff id, for "own jobs" (technicians); nil for integrations.
    public var staffID: UUID?

    public init(actor: Actor, grants: [RoleGrant], staffID: UUID? = nil) {
        self.actor = actor
        self.grants = grants
        self.staffID = staffID
    }

    public static func staff(_ member: StaffMember) -> Caller {
        Caller(actor: Actor(kind: .staff, id: member.username), grants: member.grants, staffID: member.id)
    }

    public static func integration(_ token: APIToken) -> Caller {
        Caller(actor: Actor(kind: .integration, id: "token:\(token.prefix)"), grants: token.grants)
    }

    /// A sales platform, authenticated by the signature of its request: it
    /// may deliver orders and nothing else (`AccessPolicy.platformActions`).
    public static func platform(_ name: String) -> Caller {
        Caller(actor: Actor(kind: .platform, id: name), grants: [])
    }

    /// A customer on a store's public booking page, known by nothing but
    /// the network address they book from.
    public static func onlineCustomer(source: String) -> Caller {
        Caller(actor: Actor(kind: .customer, id: "web:\(source.prefix(64))"), grants: [])
    }

    /// Whoever runs `orderflow` on the server: they hold the database file or
    /// URL already, so the CLI acts for them as an administrator and every
    /// act is recorded under their operating-system user name.
    public static func commandLine(user: String) -> Caller {
        Caller(
            actor: Actor(kind: .system, id: "cli:\(user)"),
            grants: [RoleGrant(role: .administrator, scope: .allStores)])
    }

    public var roles: Set<Role> { Set(grants.filter(\.isValid).map(\.role)) }

    /// Whether the caller may do `action` anywhere at all.
    public func mayAtAll(_ action: AccessAction) -> Bool {
        if let fixed = fixedActions { return fixed.contains(action) }
        return AccessPolicy.reach(of: grants, for: action) != nil
    }

    /// Whether the caller may do `action` on something of `storeCode`.
    public func may(_ action: AccessAction, storeCode: String?, ownJob: Bool = false) -> Bool {
        if let fixed = fixedActions { return fixed.contains(action) }
        return AccessPolicy.allows(grants, action, storeCode: storeCode, ownJob: ownJob)
    }

    /// The stores whose things the caller may see for `action`; nil: all stores.
    public func visibleStores(for action: AccessAction) -> Set<String>? {
        if let fixed = fixedActions { return fixed.contains(action) ? nil : [] }
        return AccessPolicy.visibleStores(grants, for: action)
    }

    /// Whether some grant lets the caller do `action` on their own jobs only
    /// (a technician): those are found by assignment, not by store.
    public func reachesOwnJobs(for action: AccessAction) -> Bool {
        guard fixedActions == nil else { return false }
        return grants.filter(\.isValid).contains { AccessPolicy.table[$0.role]?[action] == .ownJobs }
    }

    /// Platforms and customers hold no roles: what they may do is fixed.
    private var fixedActions: Set<AccessAction>? {
        switch actor.kind {
        case .platform: AccessPolicy.platformActions
        case .customer: AccessPolicy.customerActions
        case .staff, .integration, .system: nil
        }
    }
}

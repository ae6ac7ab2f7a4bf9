import Foundation
import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore

/// Between the API's access types (grants, accounts, tokens, audit
/// entries) and Core's.
extension Components.Schemas.Grant {
    init(_ grant: RoleGrant) {
        let stores: [String] =
            switch grant.scope {
            case .allStores: ["*"]
            case .stores(let codes): codes.sorted()
            }
        self.init(role: Components.Schemas.Role(rawValue: grant.role.rawValue) ?? .receptionist, stores: stores)
    }
}

extension RoleGrant {
    /// `["*"]` is all stores; store codes are matched in upper case.
    init(_ body: Components.Schemas.Grant) {
        let role = Role(rawValue: body.role.rawValue) ?? .receptionist
        if body.stores == ["*"] {
            self.init(role: role, scope: .allStores)
        } else {
            self.init(role: role, scope: .stores(Set(body.stores.map { $0.uppercased() })))
        }
    }
}

extension Components.Schemas.StaffMember {
    init(_ member: StaffMember) {
        self.init(
            id: member.id.uuidString.lowercased(), username: member.username, displayName: member.displayName,
            grants: member.grants.map(Components.Schemas.Grant.init), active: member.isActive,
            disabledAt: member.disabledAt, createdAt: member.createdAt, updatedAt: member.updatedAt,
            version: member.version)
    }
}

extension Components.Schemas.APIToken {
    init(_ token: APIToken, now: Date) {
        self.init(
            id: token.id.uuidString.lowercased(), name: token.name, prefix: token.prefix,
            grants: token.grants.map(Components.Schemas.Grant.init), createdAt: token.createdAt,
            createdBy: token.createdBy, expiresAt: token.expiresAt, revokedAt: token.revokedAt,
            usable: token.isUsable(at: now))
    }
}

extension Components.Schemas.AuditEntry {
    init(_ entry: AuditEntry) {
        let detail = (try? JSONDecoder().decode([String: String].self, from: Data(entry.detailJSON.utf8))) ?? [:]
        self.init(
            sequence: entry.sequence, occurredAt: entry.occurredAt, actor: entry.actor, action: entry.action,
            outcome: entry.outcome == .succeeded ? .succeeded : .refused, storeCode: entry.storeCode,
            subject: entry.subject, detail: .init(additionalProperties: detail), hash: entry.hash)
    }
}

/// Request bodies carry grants as the API writes them; missing lists are empty.
enum GrantInput {
    static func grants(_ body: [Components.Schemas.Grant]?) -> [RoleGrant] { (body ?? []).map(RoleGrant.init) }
}

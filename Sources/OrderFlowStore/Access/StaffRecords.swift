import Foundation
import OrderFlowCore
import SQLKit

/// The `staff` and `staff_roles` tables.
public enum StaffRecords {
    static let allStores = "*"

    public static func insert(_ member: StaffMember, passwordHash: String?, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO staff (id, username, display_name, password_hash, disabled_at, created_at, updated_at, version)
            VALUES (\(bind: member.id.uuidString), \(bind: member.username), \(bind: member.displayName),
                    \(bind: passwordHash), \(bind: member.disabledAt?.epochMilliseconds),
                    \(bind: member.createdAt.epochMilliseconds), \(bind: member.updatedAt.epochMilliseconds),
                    \(bind: Int64(member.version)))
            """
        ).run()
        try await insertGrants(member.grants, staffID: member.id, on: db)
    }

    /// Replaces a member's grants, refusing a write based on a stale version.
    public static func replaceGrants(
        of staffID: UUID, with grants: [RoleGrant], expectedVersion: Int, at instant: Date, on db: any SQLDatabase
    ) async throws {
        try await bumpVersion(of: staffID, expectedVersion: expectedVersion, at: instant, on: db)
        try await db.raw("DELETE FROM staff_roles WHERE staff_id = \(bind: staffID.uuidString)").run()
        try await insertGrants(grants, staffID: staffID, on: db)
    }

    /// Disables an account; nothing is deleted.
    public static func disable(_ staffID: UUID, expectedVersion: Int, at instant: Date, on db: any SQLDatabase)
        async throws
    {
        try await bumpVersion(of: staffID, expectedVersion: expectedVersion, at: instant, on: db)
        try await db.raw(
            "UPDATE staff SET disabled_at = \(bind: instant.epochMilliseconds) WHERE id = \(bind: staffID.uuidString)"
        ).run()
    }

    public static func setPasswordHash(_ hash: String, of staffID: UUID, at instant: Date, on db: any SQLDatabase)
        async throws
    {
        try await db.raw(
            """
            UPDATE staff SET password_hash = \(bind: hash), updated_at = \(bind: instant.epochMilliseconds),
                             version = version + 1
            WHERE id = \(bind: staffID.uuidString)
            """
        ).run()
    }

    public static func find(username: String, on db: any SQLDatabase) async throws -> (StaffMember, String?)? {
        guard let row = try await db.raw("SELECT * FROM staff WHERE username = \(bind: username)").first() else {
            return nil
        }
        return (try await member(from: row, on: db), try row.optionalText("password_hash"))
    }

    public static func find(id: UUID, on db: any SQLDatabase) async throws -> StaffMember? {
        guard let row = try await db.raw("SELECT * FROM staff WHERE id = \(bind: id.uuidString)").first() else {
            return nil
        }
        return try await member(from: row, on: db)
    }

    /// A preference, not an account change: no version bump, no audit.
    public static func setPreferredLanguage(_ language: Language, of staffID: UUID, on db: any SQLDatabase)
        async throws
    {
        try await db.raw(
            """
            UPDATE staff SET preferred_language = \(bind: language.rawValue) WHERE id = \(bind: staffID.uuidString)
            """
        ).run()
    }

    public static func count(on db: any SQLDatabase) async throws -> Int {
        Int(try await db.raw("SELECT COUNT(*) AS staff FROM staff").first()?.int("staff") ?? 0)
    }

    public static func all(on db: any SQLDatabase) async throws -> [StaffMember] {
        var members: [StaffMember] = []
        for row in try await db.raw("SELECT * FROM staff ORDER BY username").all() {
            members.append(try await member(from: row, on: db))
        }
        return members
    }

    /// Active people holding `role` for `storeCode` (or for all stores):
    /// one indexed read of the grants, then only those people.
    public static func active(withRole role: Role, storeCode: String, on db: any SQLDatabase) async throws
        -> [StaffMember]
    {
        let rows = try await db.raw(
            """
            SELECT s.* FROM staff s
            WHERE s.disabled_at IS NULL AND s.id IN (
                SELECT staff_id FROM staff_roles
                WHERE role = \(bind: role.rawValue) AND store_code IN (\(bind: storeCode), \(bind: allStores)))
            ORDER BY s.username
            """
        ).all()
        var members: [StaffMember] = []
        for row in rows { members.append(try await member(from: row, on: db)) }
        return members
    }

    private static func bumpVersion(of staffID: UUID, expectedVersion: Int, at instant: Date, on db: any SQLDatabase)
        async throws
    {
        let row = try await db.raw(
            """
            UPDATE staff SET version = version + 1, updated_at = \(bind: instant.epochMilliseconds)
            WHERE id = \(bind: staffID.uuidString) AND version = \(bind: Int64(expectedVersion))
            RETURNING version
            """
        ).first()
        guard row != nil else { throw StoreError.staleVersion }
    }

    private static func insertGrants(_ grants: [RoleGrant], staffID: UUID, on db: any SQLDatabase) async throws {
        let rows: [SQLQueryString] = grants.flatMap { grant -> [SQLQueryString] in
            let stores: [String] =
                switch grant.scope {
                case .allStores: [allStores]
                case .stores(let codes): codes.sorted()
                }
            return stores.map { "(\(bind: staffID.uuidString), \(bind: grant.role.rawValue), \(bind: $0))" }
        }
        guard !rows.isEmpty else { return }
        try await db.raw(
            "INSERT INTO staff_roles (staff_id, role, store_code) VALUES \(rows.joined(separator: ", "))"
        ).run()
    }

    private static func member(from row: any SQLRow, on db: any SQLDatabase) async throws -> StaffMember {
        let id = try row.uuid("id")
        var storesByRole: [Role: Set<String>] = [:]
        var allStoreRoles: Set<Role> = []
        for grant in try await db.raw(
            "SELECT role, store_code FROM staff_roles WHERE staff_id = \(bind: id.uuidString) ORDER BY role, store_code"
        ).all() {
            let role = try grant.enum("role", as: Role.self)
            let store = try grant.text("store_code")
            if store == allStores { allStoreRoles.insert(role) } else { storesByRole[role, default: []].insert(store) }
        }
        let grants =
            allStoreRoles.map { RoleGrant(role: $0, scope: .allStores) }
            + storesByRole.filter { !allStoreRoles.contains($0.key) }.map {
                RoleGrant(role: $0.key, scope: .stores($0.value))
            }
        return StaffMember(
            id: id, username: try row.text("username"), displayName: try row.text("display_name"),
            grants: grants.sorted { $0.role.rawValue < $1.role.rawValue },
            preferredLanguage: try row.optionalText("preferred_language").flatMap(Language.init(rawValue:)),
            disabledAt: try row.optionalInt("disabled_at").map(Date.init(epochMilliseconds:)),
            createdAt: try row.instant("created_at"), updatedAt: try row.instant("updated_at"),
            version: Int(try row.int("version")))
    }
}

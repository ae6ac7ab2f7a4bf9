import Foundation
import OrderFlowCore
import SQLKit

/// The `follow_ups` table (R4.2); its contacts are kept with it, in order.
public enum FollowUpRecords {
    public static func insert(_ followUp: FollowUp, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO follow_ups (id, order_id, store_code, owner_id, reason, due_at, origin, status, created_by,
                                    created_at, contacts_json)
            VALUES (\(bind: followUp.id.uuidString), \(bind: followUp.orderID.uuidString), \(bind: followUp.storeCode),
                    \(bind: followUp.ownerID.uuidString), \(bind: followUp.reason), \(bind: followUp.dueAt.epochMilliseconds),
                    \(bind: followUp.origin), \(bind: followUp.status.rawValue), \(bind: followUp.createdBy),
                    \(bind: followUp.createdAt.epochMilliseconds), \(bind: try JSONCoding.string(followUp.contacts)))
            """
        ).run()
    }

    /// Saves contacts, status and outcome of a follow-up read in this transaction.
    public static func update(_ followUp: FollowUp, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE follow_ups SET status = \(bind: followUp.status.rawValue),
                closed_at = \(bind: followUp.closedAt?.epochMilliseconds), outcome = \(bind: followUp.outcome),
                contacts_json = \(bind: try JSONCoding.string(followUp.contacts))
            WHERE id = \(bind: followUp.id.uuidString)
            """
        ).run()
    }

    public static func find(id: UUID, on db: any SQLDatabase) async throws -> FollowUp? {
        try await db.raw("\(unsafeRaw: select) WHERE f.id = \(bind: id.uuidString)").first().map(followUp)
    }

    public static func forOrder(_ orderID: UUID, on db: any SQLDatabase) async throws -> [FollowUp] {
        try await db.raw("\(unsafeRaw: select) WHERE f.order_id = \(bind: orderID.uuidString) ORDER BY f.created_at")
            .all().map(followUp)
    }

    /// Open follow-ups of an owner, or of stores (nil: all), soonest due first.
    public static func open(
        owner: UUID?, stores: Set<String>?, limit: Int, on db: any SQLDatabase
    ) async throws -> [FollowUp] {
        var conditions: [SQLQueryString] = ["f.status = 'open'"]
        if let owner { conditions.append("f.owner_id = \(bind: owner.uuidString)") }
        if let stores {
            guard !stores.isEmpty else { return [] }
            conditions.append("f.store_code IN (\(binds: stores.sorted()))")
        }
        return try await db.raw(
            """
            \(unsafeRaw: select) WHERE \(conditions.joined(separator: " AND "))
            ORDER BY f.due_at, f.id LIMIT \(unsafeRaw: String(max(1, limit)))
            """
        ).all().map(followUp)
    }

    /// How many open follow-ups each of these people holds: new ones go to the least loaded.
    public static func openCounts(owners: [UUID], on db: any SQLDatabase) async throws -> [UUID: Int] {
        guard !owners.isEmpty else { return [:] }
        var counts: [UUID: Int] = [:]
        for row in try await db.raw(
            """
            SELECT owner_id, COUNT(*) AS n FROM follow_ups
            WHERE status = 'open' AND owner_id IN (\(binds: owners.map(\.uuidString))) GROUP BY owner_id
            """
        ).all() {
            counts[try row.uuid("owner_id")] = Int(try row.int("n"))
        }
        return counts
    }

    static let select = """
        SELECT f.*, o.number AS order_number FROM follow_ups f JOIN orders o ON o.id = f.order_id
        """

    static func followUp(_ row: any SQLRow) throws -> FollowUp {
        FollowUp(
            id: try row.uuid("id"), orderID: try row.uuid("order_id"), orderNumber: try row.text("order_number"),
            storeCode: try row.text("store_code"), ownerID: try row.uuid("owner_id"), reason: try row.text("reason"),
            dueAt: try row.instant("due_at"), origin: try row.text("origin"),
            status: try row.enum("status", as: FollowUp.Status.self), createdBy: try row.text("created_by"),
            createdAt: try row.instant("created_at"),
            closedAt: try row.optionalInt("closed_at").map(Date.init(epochMilliseconds:)),
            outcome: try row.optionalText("outcome"),
            contacts: try row.json("contacts_json", as: [FollowUpContact].self))
    }
}

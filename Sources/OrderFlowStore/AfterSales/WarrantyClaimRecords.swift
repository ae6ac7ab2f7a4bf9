import Foundation
import OrderFlowCore
import SQLKit

/// The `warranty_claims` table (R6.2–R6.4): each claim as one document with
/// its version; the request key makes a form sent twice one claim. The
/// table is after-sales' own, though created by migration 13 with delivery's.
public enum WarrantyClaimRecords {
    /// Inserts the claim, or returns the one already stored under `requestKey`.
    public static func insert(_ claim: WarrantyClaim, requestKey: String?, on db: any SQLDatabase) async throws
        -> (WarrantyClaim, inserted: Bool)
    {
        if let requestKey, let existing = try await find(requestKey: requestKey, on: db) { return (existing, false) }
        try await db.raw(
            """
            INSERT INTO warranty_claims (id, order_id, store_code, status, owner_id, received_at, request_key,
                                         claim_json, version)
            VALUES (\(bind: claim.id.uuidString), \(bind: claim.orderID.uuidString), \(bind: claim.storeCode),
                    \(bind: claim.status.rawValue), \(bind: claim.ownerID?.uuidString),
                    \(bind: claim.receivedAt.epochMilliseconds), \(bind: requestKey),
                    \(bind: try JSONCoding.string(claim)), \(bind: Int64(claim.version)))
            """
        ).run()
        return (claim, true)
    }

    public static func find(requestKey: String, on db: any SQLDatabase) async throws -> WarrantyClaim? {
        try await db.raw("SELECT claim_json FROM warranty_claims WHERE request_key = \(bind: requestKey)").first()
            .map { try $0.json("claim_json", as: WarrantyClaim.self) }
    }

    /// Claims as documents: found by id, by order (oldest first), received in a period.
    public static let documents = DocumentTable<WarrantyClaim>(
        "warranty_claims", document: "claim_json", time: "received_at")

    /// Saves `claim` over the version it was read at; a stale write is refused.
    public static func update(_ claim: WarrantyClaim, expectedVersion: Int, on db: any SQLDatabase) async throws
        -> WarrantyClaim
    {
        try await documents.update(
            claim, expectedVersion: expectedVersion,
            setting: ["status = \(bind: claim.status.rawValue)", "owner_id = \(bind: claim.ownerID?.uuidString)"],
            on: db)
    }

    /// Claims of these stores (nil: all), newest first; open ones only
    /// (accepted, not closed) or all; optionally one owner's.
    public static func list(
        stores: Set<String>?, openOnly: Bool, ownerID: UUID?, limit: Int, on db: any SQLDatabase
    ) async throws -> [WarrantyClaim] {
        var conditions: [SQLQueryString] = []
        if openOnly { conditions.append("status = 'accepted'") }
        if let ownerID { conditions.append("owner_id = \(bind: ownerID.uuidString)") }
        return try await documents.documents(
            where: conditions, stores: stores, orderBy: "received_at DESC, id", limit: limit, on: db)
    }

    /// Open claims per owner, for handing a new one to the least loaded.
    public static func openCounts(owners: [UUID], on db: any SQLDatabase) async throws -> [UUID: Int] {
        guard !owners.isEmpty else { return [:] }
        let rows = try await db.raw(
            """
            SELECT owner_id, COUNT(*) AS n FROM warranty_claims
            WHERE status = 'accepted' AND owner_id IN (\(binds: owners.map(\.uuidString)))
            GROUP BY owner_id
            """
        ).all()
        var counts: [UUID: Int] = [:]
        for row in rows { counts[try row.uuid("owner_id")] = Int(try row.int("n")) }
        return counts
    }
}

extension WarrantyClaimRecords {
    /// Every accepted (open) claim, oldest first, for the deadline check.
    public static func open(limit: Int, on db: any SQLDatabase) async throws -> [WarrantyClaim] {
        try await db.raw(
            """
            SELECT claim_json FROM warranty_claims WHERE status = 'accepted'
            ORDER BY received_at LIMIT \(unsafeRaw: String(max(1, limit)))
            """
        ).all().map { try $0.json("claim_json", as: WarrantyClaim.self) }
    }
}

import Foundation
import SQLKit

/// A remembered answer to a write that came with an `Idempotency-Key`.
public struct IdempotencyRecord: Hashable, Sendable {
    public var requestHash: String
    public var orderID: UUID
    public var responseJSON: String

    public init(requestHash: String, orderID: UUID, responseJSON: String) {
        self.requestHash = requestHash
        self.orderID = orderID
        self.responseJSON = responseJSON
    }
}

/// The `idempotency_keys` table: a retried request gets the first answer
/// instead of creating a second order (DESIGN.md §3).
public enum IdempotencyRecords {
    public static func find(scope: String, key: String, on db: any SQLDatabase) async throws -> IdempotencyRecord? {
        try await db.raw(
            """
            SELECT request_hash, order_id, response_json FROM idempotency_keys
            WHERE scope = \(bind: scope) AND key = \(bind: key)
            """
        ).first().map { row in
            IdempotencyRecord(
                requestHash: try row.text("request_hash"), orderID: try row.uuid("order_id"),
                responseJSON: try row.text("response_json"))
        }
    }

    public static func save(
        scope: String, key: String, record: IdempotencyRecord, at now: Date, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO idempotency_keys (scope, key, request_hash, order_id, response_json, created_at)
            VALUES (\(bind: scope), \(bind: key), \(bind: record.requestHash), \(bind: record.orderID.uuidString),
                    \(bind: record.responseJSON), \(bind: now.epochMilliseconds))
            """
        ).run()
    }
}

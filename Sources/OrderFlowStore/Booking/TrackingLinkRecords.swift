import Foundation
import OrderFlowCore
import SQLKit

/// The `tracking_links` and `booking_attempts` tables.
public enum TrackingLinkRecords {
    public static func insert(secret: String, orderID: UUID, at instant: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO tracking_links (token_hash, order_id, created_at)
            VALUES (\(bind: APITokenRecords.hash(ofSecret: secret)), \(bind: orderID.uuidString),
                    \(bind: instant.epochMilliseconds))
            """
        ).run()
    }

    /// The order a link opens, or nil for a link that was never made.
    public static func orderID(secret: String, on db: any SQLDatabase) async throws -> UUID? {
        try await db.raw(
            "SELECT order_id FROM tracking_links WHERE token_hash = \(bind: APITokenRecords.hash(ofSecret: secret))"
        ).first().map { try $0.uuid("order_id") }
    }

    public static func recordBooking(source: String, at instant: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO booking_attempts (source, attempted_at)
            VALUES (\(bind: String(source.prefix(64))), \(bind: instant.epochMilliseconds))
            """
        ).run()
    }

    public static func bookings(source: String, since: Date, on db: any SQLDatabase) async throws -> Int {
        let row = try await db.raw(
            """
            SELECT COUNT(*) AS bookings FROM booking_attempts
            WHERE source = \(bind: String(source.prefix(64))) AND attempted_at >= \(bind: since.epochMilliseconds)
            """
        ).first()
        return Int(try row?.int("bookings") ?? 0)
    }
}

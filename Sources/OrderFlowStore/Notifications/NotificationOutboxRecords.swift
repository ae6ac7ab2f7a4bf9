import Foundation
import OrderFlowCore
import SQLKit

/// One event worth telling someone about, waiting to become deliveries.
public struct OutboxEntry: Hashable, Sendable {
    public var id: String
    public var orderID: UUID
    public var eventSequence: Int
    public var topic: NotificationTopic
    public var eventType: String
    public var createdAt: Date
}

/// The `notification_outbox` table (B3, DESIGN.md §3). Written only by the
/// event log, inside the transaction that appends the event.
public enum NotificationOutboxRecords {
    /// Queues the notice of an event, if its type announces anything.
    static func enqueue(_ event: StoredOrderEvent, on db: any SQLDatabase) async throws {
        guard let type = OrderEventType(rawValue: event.type), let topic = NotificationTopic.of(type) else { return }
        try await db.raw(
            """
            INSERT INTO notification_outbox (id, order_id, event_sequence, topic, event_type, created_at)
            VALUES (\(bind: "\(event.orderID.uuidString):\(event.sequence)"), \(bind: event.orderID.uuidString),
                    \(bind: Int64(event.sequence)), \(bind: topic.rawValue), \(bind: event.type),
                    \(bind: event.occurredAt.epochMilliseconds))
            """
        ).run()
    }

    /// Up to `limit` entries not yet turned into deliveries, oldest first.
    /// Read without locks: `markExpanded` (whose update waits for another
    /// instance's) decides which instance writes an entry's deliveries.
    public static func pending(limit: Int, on db: any SQLDatabase) async throws -> [OutboxEntry] {
        try await db.raw(
            """
            SELECT id, order_id, event_sequence, topic, event_type, created_at FROM notification_outbox
            WHERE expanded_at IS NULL ORDER BY created_at LIMIT \(unsafeRaw: String(max(1, limit)))
            """
        ).all().map { row in
            OutboxEntry(
                id: try row.text("id"), orderID: try row.uuid("order_id"),
                eventSequence: Int(try row.int("event_sequence")),
                topic: try row.enum("topic", as: NotificationTopic.self), eventType: try row.text("event_type"),
                createdAt: try row.instant("created_at"))
        }
    }

    public static func anyPending(on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("SELECT 1 AS pending FROM notification_outbox WHERE expanded_at IS NULL LIMIT 1").first()
            != nil
    }

    /// Marks the entries expanded that no one has expanded yet, in one
    /// statement; returns those it marked (only their deliveries are written).
    public static func markExpanded(_ ids: [String], at instant: Date, on db: any SQLDatabase) async throws
        -> Set<String>
    {
        guard !ids.isEmpty else { return [] }
        let rows = try await db.raw(
            """
            UPDATE notification_outbox SET expanded_at = \(bind: instant.epochMilliseconds)
            WHERE id IN (\(binds: ids)) AND expanded_at IS NULL RETURNING id
            """
        ).all()
        return Set(try rows.map { try $0.text("id") })
    }

    public static func markExpanded(_ id: String, at instant: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE notification_outbox SET expanded_at = \(bind: instant.epochMilliseconds) WHERE id = \(bind: id)"
        ).run()
    }
}

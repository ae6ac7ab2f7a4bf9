import Foundation
import OrderFlowCore
import SQLKit

/// The `stage_watch` table: when the deadline monitor must next look at
/// each order. An order is put back on the watch, due at once, by every
/// event appended to it (see `EventLog`), so no caller has to remember.
public enum StageWatchRecords {
    /// Makes the order due at once. Called by the event log in the
    /// transaction that appends the event.
    public static func markChanged(orderID: UUID, at instant: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO stage_watch (order_id, next_check_at, updated_at)
            VALUES (\(bind: orderID.uuidString), 0, \(bind: instant.epochMilliseconds))
            ON CONFLICT (order_id) DO UPDATE SET next_check_at = 0, updated_at = excluded.updated_at
            """
        ).run()
    }

    /// Puts a new order on the watch with its first check already counted
    /// (at intake, which knows the limits and the store's calendar), so the
    /// monitor does not have to read every new order back at once. Called
    /// by the event log in the transaction that starts the history.
    ///
    /// The counted check is kept only while the reference version is still
    /// the one it was counted with; otherwise the row is due at once. That
    /// test is part of this one statement. On PostgreSQL the version is read
    /// `FOR SHARE`: a change of the limits or a store's calendar bumps it
    /// first and then makes every watched order due, so it either waits for
    /// this transaction (and then sees its row) or this one waits for it
    /// (and reads the new version).
    public static func start(
        orderID: UUID, nextCheck: Date?, stage: TrackingStage, deadline: Date?,
        counted: NewOrderWatch.CountedWith, at instant: Date, on db: any SQLDatabase
    ) async throws {
        let lock: SQLQueryString = counted.engine == .postgres ? " FOR SHARE" : ""
        try await db.raw(
            """
            INSERT INTO stage_watch (order_id, next_check_at, stage, deadline_at, updated_at)
            SELECT \(bind: orderID.uuidString),
                   CASE WHEN (SELECT value_json FROM settings WHERE key = \(bind: SettingsRecords.referenceVersionKey)\(lock))
                             = \(bind: String(counted.referenceVersion))
                        THEN \(bind: nextCheck?.epochMilliseconds) ELSE 0 END,
                   \(bind: stage.rawValue), \(bind: deadline?.epochMilliseconds), \(bind: instant.epochMilliseconds)
            """
        ).run()
    }

    /// Makes every watched order due at once: the limits or a store's
    /// calendar changed, so every deadline must be counted again.
    public static func markAllChanged(storeCode: String? = nil, at instant: Date, on db: any SQLDatabase)
        async throws
    {
        if let storeCode {
            try await db.raw(
                """
                UPDATE stage_watch SET next_check_at = 0, updated_at = \(bind: instant.epochMilliseconds)
                WHERE order_id IN (SELECT id FROM orders WHERE store_code = \(bind: storeCode))
                """
            ).run()
        } else {
            try await db.raw(
                "UPDATE stage_watch SET next_check_at = 0, updated_at = \(bind: instant.epochMilliseconds)"
            ).run()
        }
    }

    /// Up to `limit` orders due by `now`, earliest first. Inside a write on
    /// PostgreSQL the rows stay locked until it commits, and rows another
    /// instance holds are skipped: each order is checked by one monitor at
    /// a time (DESIGN.md §5).
    public static func due(
        by now: Date, limit: Int, engine: DatabaseEngine, on db: any SQLDatabase
    ) async throws -> [UUID] {
        let lock: SQLQueryString = engine == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await db.raw(
            """
            SELECT order_id FROM stage_watch
            WHERE next_check_at <= \(bind: now.epochMilliseconds)
            ORDER BY next_check_at LIMIT \(unsafeRaw: String(max(1, limit)))\(lock)
            """
        ).all().map { try $0.uuid("order_id") }
    }

    /// Whether any order is due by `now`: the monitor's cheap first look.
    public static func anyDue(by now: Date, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            "SELECT 1 AS due FROM stage_watch WHERE next_check_at <= \(bind: now.epochMilliseconds) LIMIT 1"
        ).first() != nil
    }

    /// When to look at the order next (nil: not until it changes), with its
    /// running stage and deadline for people who list what falls due soon.
    public static func schedule(
        orderID: UUID, nextCheck: Date?, stage: TrackingStage?, deadline: Date?, at instant: Date,
        on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            UPDATE stage_watch SET next_check_at = \(bind: nextCheck?.epochMilliseconds),
                stage = \(bind: stage?.rawValue), deadline_at = \(bind: deadline?.epochMilliseconds),
                updated_at = \(bind: instant.epochMilliseconds)
            WHERE order_id = \(bind: orderID.uuidString)
            """
        ).run()
    }

    /// The order has no running stage any more (closed, or cancelled).
    public static func remove(orderID: UUID, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM stage_watch WHERE order_id = \(bind: orderID.uuidString)").run()
    }

    /// How many orders are watched, and how many are due by `now`: for the
    /// monitor's log line and the benchmark.
    public static func counts(dueBy now: Date, on db: any SQLDatabase) async throws -> (watched: Int, due: Int) {
        let row = try await db.raw(
            """
            SELECT COUNT(*) AS watched,
                   COALESCE(SUM(CASE WHEN next_check_at <= \(bind: now.epochMilliseconds) THEN 1 ELSE 0 END), 0) AS due
            FROM stage_watch
            """
        ).first()
        return (Int(try row?.int("watched") ?? 0), Int(try row?.int("due") ?? 0))
    }
}

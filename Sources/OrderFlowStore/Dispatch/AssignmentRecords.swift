import Foundation
import OrderFlowCore
import SQLKit

/// An assignment as stored, with its progress on the day.
public struct StoredAssignment: Hashable, Sendable {
    public var assignment: Assignment
    public var checkedInAt: Date?
    public var checkedOutAt: Date?
}

/// The `assignments` and `assignment_members` tables: each order's current
/// assignment. Its history is in the order's event log, written in the same
/// transaction.
public enum AssignmentRecords {
    /// Puts `assignment` in place of the order's current one, if any.
    public static func save(_ assignment: Assignment, at instant: Date, on db: any SQLDatabase) async throws {
        try await remove(orderID: assignment.orderID, on: db)
        let order = assignment.orderID.uuidString
        try await db.raw(
            """
            INSERT INTO assignments (order_id, store_code, start_at, end_at, assignment_json, updated_at)
            VALUES (\(bind: order), \(bind: assignment.storeCode), \(bind: assignment.start.epochMilliseconds),
                    \(bind: assignment.end.epochMilliseconds), \(bind: try JSONCoding.string(assignment)),
                    \(bind: instant.epochMilliseconds))
            """
        ).run()
        let rows: [SQLQueryString] = assignment.technicianIDs.map { staff in
            """
            (\(bind: order), \(bind: staff.uuidString), \(bind: assignment.start.epochMilliseconds),
             \(bind: assignment.end.epochMilliseconds))
            """
        }
        guard !rows.isEmpty else { return }
        try await db.raw(
            "INSERT INTO assignment_members (order_id, staff_id, start_at, end_at) VALUES \(rows.joined(separator: ", "))"
        ).run()
    }

    public static func remove(orderID: UUID, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM assignment_members WHERE order_id = \(bind: orderID.uuidString)").run()
        try await db.raw("DELETE FROM assignments WHERE order_id = \(bind: orderID.uuidString)").run()
    }

    public static func find(orderID: UUID, on db: any SQLDatabase) async throws -> StoredAssignment? {
        try await db.raw("SELECT * FROM assignments WHERE order_id = \(bind: orderID.uuidString)").first().map(stored)
    }

    /// A store's assignments starting in `[from, before)`, by start.
    public static func forStore(_ storeCode: String, from: Date, before: Date, on db: any SQLDatabase) async throws
        -> [StoredAssignment]
    {
        try await db.raw(
            """
            SELECT * FROM assignments WHERE store_code = \(bind: storeCode)
              AND start_at >= \(bind: from.epochMilliseconds) AND start_at < \(bind: before.epochMilliseconds)
            ORDER BY start_at, order_id
            """
        ).all().map(stored)
    }

    /// The assignments of any of `staffIDs` starting in `[from, before)`, by start.
    public static func forStaff(_ staffIDs: [UUID], from: Date, before: Date, on db: any SQLDatabase) async throws
        -> [StoredAssignment]
    {
        guard !staffIDs.isEmpty else { return [] }
        return try await db.raw(
            """
            SELECT a.* FROM assignments a
            WHERE a.order_id IN (
                SELECT m.order_id FROM assignment_members m
                WHERE m.staff_id IN (\(binds: staffIDs.map(\.uuidString)))
                  AND m.start_at >= \(bind: from.epochMilliseconds) AND m.start_at < \(bind: before.epochMilliseconds))
            ORDER BY a.start_at, a.order_id
            """
        ).all().map(stored)
    }

    /// Minutes each of `staffIDs` is booked in `[from, before)`: the week's load.
    public static func bookedMinutes(_ staffIDs: [UUID], from: Date, before: Date, on db: any SQLDatabase)
        async throws -> [UUID: Int]
    {
        guard !staffIDs.isEmpty else { return [:] }
        let rows = try await db.raw(
            """
            SELECT staff_id, CAST(SUM(end_at - start_at) AS BIGINT) AS booked FROM assignment_members
            WHERE staff_id IN (\(binds: staffIDs.map(\.uuidString)))
              AND start_at >= \(bind: from.epochMilliseconds) AND start_at < \(bind: before.epochMilliseconds)
            GROUP BY staff_id
            """
        ).all()
        var minutes: [UUID: Int] = [:]
        for row in rows { minutes[try row.uuid("staff_id")] = Int(try row.int("booked") / 60_000) }
        return minutes
    }

    /// Which of `orderIDs` are jobs of `staffID` (for showing a page of orders).
    public static func assignedOrders(of staffID: UUID, among orderIDs: [UUID], on db: any SQLDatabase) async throws
        -> Set<UUID>
    {
        guard !orderIDs.isEmpty else { return [] }
        let ids: [SQLQueryString] = orderIDs.map { "\(bind: $0.uuidString)" }
        let rows = try await db.raw(
            """
            SELECT order_id FROM assignment_members
            WHERE staff_id = \(bind: staffID.uuidString) AND order_id IN (\(ids.joined(separator: ", ")))
            """
        ).all()
        return Set(try rows.compactMap { UUID(uuidString: try $0.text("order_id")) })
    }

    public static func setCheckedIn(orderID: UUID, at instant: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE assignments SET checked_in_at = \(bind: instant.epochMilliseconds),
                                   updated_at = \(bind: instant.epochMilliseconds)
            WHERE order_id = \(bind: orderID.uuidString)
            """
        ).run()
    }

    public static func setCheckedOut(orderID: UUID, at instant: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE assignments SET checked_out_at = \(bind: instant.epochMilliseconds),
                                   updated_at = \(bind: instant.epochMilliseconds)
            WHERE order_id = \(bind: orderID.uuidString)
            """
        ).run()
    }

    /// Holds the technicians' rows until the transaction ends, so that two
    /// dispatchers booking the same person at once take turns and the second
    /// sees the first's booking. SQLite has one writer already.
    public static func lockTechnicians(_ staffIDs: [UUID], engine: DatabaseEngine, on db: any SQLDatabase)
        async throws
    {
        guard engine == .postgres, !staffIDs.isEmpty else { return }
        try await db.raw(
            """
            SELECT id FROM staff WHERE id IN (\(binds: Set(staffIDs).map(\.uuidString).sorted()))
            ORDER BY id FOR UPDATE
            """
        ).run()
    }

    /// Changes whenever anything on a store's day changes: an order's
    /// version, an assignment, a check-in. The board compares it to know when
    /// to refresh, on whichever instance the change was made.
    public static func dayStamp(_ storeCode: String, from: Date, before: Date, on db: any SQLDatabase) async throws
        -> String
    {
        let orders = try await db.raw(
            """
            SELECT COUNT(*) AS n, CAST(COALESCE(SUM(version), 0) AS BIGINT) AS v, COALESCE(MAX(updated_at), 0) AS u
            FROM orders
            WHERE store_code = \(bind: storeCode)
              AND appointment_start >= \(bind: from.epochMilliseconds)
              AND appointment_start < \(bind: before.epochMilliseconds)
            """
        ).first()
        let assigned = try await db.raw(
            """
            SELECT COUNT(*) AS n, COALESCE(MAX(updated_at), 0) AS u FROM assignments
            WHERE store_code = \(bind: storeCode)
              AND start_at >= \(bind: from.epochMilliseconds) AND start_at < \(bind: before.epochMilliseconds)
            """
        ).first()
        let parts = try [
            orders?.int("n"), orders?.int("v"), orders?.int("u"), assigned?.int("n"), assigned?.int("u"),
        ].map { String($0 ?? 0) }
        return parts.joined(separator: "-")
    }

    private static func stored(_ row: any SQLRow) throws -> StoredAssignment {
        StoredAssignment(
            assignment: try row.json("assignment_json", as: Assignment.self),
            checkedInAt: try row.optionalInt("checked_in_at").map(Date.init(epochMilliseconds:)),
            checkedOutAt: try row.optionalInt("checked_out_at").map(Date.init(epochMilliseconds:)))
    }
}

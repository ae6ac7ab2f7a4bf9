import Foundation
import OrderFlowCore
import SQLKit

extension OrderRecords {
    /// The most orders one store's day shows; more is a data problem, not a day.
    public static let dayLimit = 2_000

    /// A store's orders whose appointment starts in `[from, before)`, in any of `statuses`.
    public static func day(
        _ storeCode: String, from: Date, before: Date, statuses: Set<OrderStatus>, on db: any SQLDatabase
    ) async throws -> [Order] {
        guard !statuses.isEmpty else { return [] }
        return try await load(
            where: """
                store_code = \(bind: storeCode) AND appointment_start >= \(bind: from.epochMilliseconds)
                AND appointment_start < \(bind: before.epochMilliseconds)
                AND status IN (\(binds: statuses.map(\.rawValue).sorted()))
                """,
            limit: dayLimit, on: db)
    }

    /// Saves a new appointment window and status, refusing when someone else
    /// saved first. Returns the order with its new version.
    public static func updateAppointment(_ order: Order, expectedVersion: Int, on db: any SQLDatabase) async throws
        -> Order
    {
        let row = try await db.raw(
            """
            UPDATE orders SET appointment_start = \(bind: order.appointment.start.epochMilliseconds),
                              appointment_end = \(bind: order.appointment.end.epochMilliseconds),
                              status = \(bind: order.status.rawValue),
                              updated_at = \(bind: order.updatedAt.epochMilliseconds), version = version + 1
            WHERE id = \(bind: order.id.uuidString) AND version = \(bind: Int64(expectedVersion))
            RETURNING version
            """
        ).first()
        guard let row else { throw StoreError.staleVersion }
        var saved = order
        saved.version = Int(try row.int("version"))
        return saved
    }

    /// Orders by id, for the jobs of a technician's day.
    public static func find(ids: [UUID], on db: any SQLDatabase) async throws -> [Order] {
        guard !ids.isEmpty else { return [] }
        return try await load(where: "id IN (\(binds: ids.map(\.uuidString)))", limit: ids.count, on: db)
    }

    /// For each phone, the lead technician of its latest job before `before`:
    /// whom the customer had last time (continuity, R3.2).
    public static func previousTechnicians(phones: Set<String>, before: Date, on db: any SQLDatabase) async throws
        -> [String: UUID]
    {
        guard !phones.isEmpty else { return [:] }
        let rows = try await db.raw(
            """
            SELECT o.customer_phone, a.assignment_json FROM assignments a JOIN orders o ON o.id = a.order_id
            WHERE o.customer_phone IN (\(binds: phones.sorted())) AND a.start_at < \(bind: before.epochMilliseconds)
            ORDER BY a.start_at
            """
        ).all()
        var latest: [String: UUID] = [:]
        for row in rows {
            if let lead = try row.json("assignment_json", as: Assignment.self).lead {
                latest[try row.text("customer_phone")] = lead
            }
        }
        return latest
    }
}

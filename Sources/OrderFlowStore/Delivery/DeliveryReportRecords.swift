import Foundation
import OrderFlowCore
import SQLKit

/// The `delivery_reports` table (R5.2, R5.3): each report as one document
/// with its version; the rework marks per technician (R5.4); the stores'
/// lapse settings.
public enum DeliveryReportRecords {
    public static func insert(_ report: DeliveryReport, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO delivery_reports (id, order_id, store_code, round, status, submitted_at, acceptance_due_at,
                                          report_json, version)
            VALUES (\(bind: report.id.uuidString), \(bind: report.orderID.uuidString), \(bind: report.storeCode),
                    \(bind: Int64(report.round)), \(bind: report.status.rawValue),
                    \(bind: report.submittedAt.epochMilliseconds), \(bind: report.acceptanceDueAt.epochMilliseconds),
                    \(bind: try JSONCoding.string(report)), 1)
            """
        ).run()
    }

    /// Saves the report's answer or lapse over the version it was read at.
    public static func update(_ report: DeliveryReport, expectedVersion: Int, on db: any SQLDatabase) async throws {
        let rows = try await db.raw(
            """
            UPDATE delivery_reports SET status = \(bind: report.status.rawValue),
                lapse_handled = \(bind: Int64(report.lapsedAt == nil ? 0 : 1)),
                report_json = \(bind: try JSONCoding.string(report)), version = version + 1
            WHERE id = \(bind: report.id.uuidString) AND version = \(bind: Int64(expectedVersion))
            RETURNING id
            """
        ).all()
        guard !rows.isEmpty else { throw StoreError.staleVersion }
    }

    /// An order's reports, oldest round first, with their versions.
    public static func forOrder(_ orderID: UUID, on db: any SQLDatabase) async throws -> [(DeliveryReport, Int)] {
        try await db.raw(
            """
            SELECT report_json, version FROM delivery_reports WHERE order_id = \(bind: orderID.uuidString)
            ORDER BY round
            """
        ).all().map { (try $0.json("report_json", as: DeliveryReport.self), Int(try $0.int("version"))) }
    }

    /// Reports whose period ran out unanswered and not yet handled, oldest first.
    public static func lapsed(at instant: Date, limit: Int, on db: any SQLDatabase) async throws -> [UUID] {
        try await db.raw(
            """
            SELECT order_id FROM delivery_reports
            WHERE status = 'awaiting' AND lapse_handled = 0 AND acceptance_due_at < \(bind: instant.epochMilliseconds)
            ORDER BY acceptance_due_at LIMIT \(unsafeRaw: String(max(1, limit)))
            """
        ).all().map { try $0.uuid("order_id") }
    }

    /// Counts a rejected report against each technician who did the work (R5.4).
    public static func markRework(
        _ report: DeliveryReport, at instant: Date, on db: any SQLDatabase
    ) async throws {
        for staffID in report.technicianIDs {
            try await db.raw(
                """
                INSERT INTO rework_marks (report_id, staff_id, order_id, store_code, at)
                VALUES (\(bind: report.id.uuidString), \(bind: staffID.uuidString), \(bind: report.orderID.uuidString),
                        \(bind: report.storeCode), \(bind: instant.epochMilliseconds))
                ON CONFLICT (report_id, staff_id) DO NOTHING
                """
            ).run()
        }
    }

    /// Rework per technician in a period, for stores (nil: all).
    public static func reworkCounts(
        stores: Set<String>?, from: Date, before: Date, on db: any SQLDatabase
    ) async throws -> [UUID: Int] {
        var condition: SQLQueryString =
            "at >= \(bind: from.epochMilliseconds) AND at < \(bind: before.epochMilliseconds)"
        if let stores {
            guard !stores.isEmpty else { return [:] }
            condition = "\(condition) AND store_code IN (\(binds: stores.sorted()))"
        }
        let rows = try await db.raw(
            "SELECT staff_id, COUNT(*) AS n FROM rework_marks WHERE \(condition) GROUP BY staff_id"
        ).all()
        var counts: [UUID: Int] = [:]
        for row in rows { counts[try row.uuid("staff_id")] = Int(try row.int("n")) }
        return counts
    }

    public static func lapseAction(storeCode: String, on db: any SQLDatabase) async throws -> AcceptanceLapse {
        let row = try await db.raw(
            "SELECT lapse_action FROM delivery_settings WHERE store_code = \(bind: storeCode)"
        ).first()
        return try row.map { try $0.enum("lapse_action", as: AcceptanceLapse.self) } ?? .escalate
    }

    public static func setLapseAction(
        _ action: AcceptanceLapse, storeCode: String, at instant: Date, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO delivery_settings (store_code, lapse_action, updated_at)
            VALUES (\(bind: storeCode), \(bind: action.rawValue), \(bind: instant.epochMilliseconds))
            ON CONFLICT (store_code) DO UPDATE SET lapse_action = excluded.lapse_action, updated_at = excluded.updated_at
            """
        ).run()
    }
}

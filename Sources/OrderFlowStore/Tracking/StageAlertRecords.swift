import Foundation
import OrderFlowCore
import SQLKit

/// The `stage_alerts` table (R4.5). An alert is written once per run of a
/// stage and kind; afterwards only its acknowledgement and resolution change.
public enum StageAlertRecords {
    /// Stores `alert` unless that stage run already has an alert of its
    /// kind; says whether it was new. The unique key, not the caller, makes
    /// an alert exactly-once.
    public static func insertIfNew(_ alert: StageAlert, on db: any SQLDatabase) async throws -> Bool {
        let rows = try await db.raw(
            """
            INSERT INTO stage_alerts (id, order_id, store_code, stage, stage_since, kind, deadline_at, due_at,
                                      raised_at, audience_json)
            VALUES (\(bind: alert.id.uuidString), \(bind: alert.orderID.uuidString), \(bind: alert.storeCode),
                    \(bind: alert.stage.rawValue), \(bind: alert.stageSince.epochMilliseconds),
                    \(bind: alert.kind.rawValue), \(bind: alert.deadline.epochMilliseconds),
                    \(bind: alert.dueAt.epochMilliseconds), \(bind: alert.raisedAt.epochMilliseconds),
                    \(bind: try JSONCoding.string(alert.audience)))
            ON CONFLICT (order_id, stage, stage_since, kind) DO NOTHING
            RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    /// The alerts of one run of a stage.
    public static func forStageRun(
        orderID: UUID, stage: TrackingStage, since: Date, on db: any SQLDatabase
    ) async throws -> [StageAlert] {
        try await db.raw(
            """
            \(unsafeRaw: selectAlerts) WHERE a.order_id = \(bind: orderID.uuidString)
              AND a.stage = \(bind: stage.rawValue) AND a.stage_since = \(bind: since.epochMilliseconds)
            """
        ).all().map(alert)
    }

    /// Closes the order's open alerts of every stage run but the one given
    /// (nil: all of them): the stage they were about is over.
    public static func resolve(
        orderID: UUID, except run: (stage: TrackingStage, since: Date)?, at instant: Date, on db: any SQLDatabase
    ) async throws {
        let keep: SQLQueryString =
            if let run {
                " AND NOT (stage = \(bind: run.stage.rawValue) AND stage_since = \(bind: run.since.epochMilliseconds))"
            } else { "" }
        try await db.raw(
            """
            UPDATE stage_alerts SET resolved_at = \(bind: instant.epochMilliseconds)
            WHERE order_id = \(bind: orderID.uuidString) AND resolved_at IS NULL\(keep)
            """
        ).run()
    }

    public static func find(id: UUID, on db: any SQLDatabase) async throws -> StageAlert? {
        try await db.raw("\(unsafeRaw: selectAlerts) WHERE a.id = \(bind: id.uuidString)").first().map(alert)
    }

    /// Marks the alert seen by `actor`, with the cause of the delay when
    /// given; false when it was acknowledged already.
    public static func acknowledge(
        id: UUID, by actor: String, cause: DelayCause? = nil, note: String? = nil, at instant: Date,
        on db: any SQLDatabase
    ) async throws -> Bool {
        let rows = try await db.raw(
            """
            UPDATE stage_alerts SET acknowledged_at = \(bind: instant.epochMilliseconds), acknowledged_by = \(bind: actor),
                cause = \(bind: cause?.rawValue), cause_note = \(bind: note)
            WHERE id = \(bind: id.uuidString) AND acknowledged_at IS NULL
            RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    /// The stages that ran past their deadline in `[from, to)` (by
    /// deadline), with what the analysis groups by (R4.6). The technicians
    /// are those of the order's current assignment.
    public static func overdueStages(
        from: Date, to: Date, stores: Set<String>?, on db: any SQLDatabase
    ) async throws -> [DelayFact] {
        var conditions: [SQLQueryString] = [
            "a.kind = 'overdue'", "a.deadline_at >= \(bind: from.epochMilliseconds)",
            "a.deadline_at < \(bind: to.epochMilliseconds)",
        ]
        if let stores {
            guard !stores.isEmpty else { return [] }
            conditions.append("a.store_code IN (\(binds: stores.sorted()))")
        }
        let rows = try await db.raw(
            """
            SELECT a.order_id, o.number, a.store_code, a.stage, a.deadline_at, a.resolved_at, a.cause
            FROM stage_alerts a JOIN orders o ON o.id = a.order_id
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY a.deadline_at LIMIT 100000
            """
        ).all()
        let orderIDs = Array(Set(try rows.map { try $0.text("order_id") }))
        var items: [String: [String]] = [:]
        var technicians: [String: [UUID]] = [:]
        for chunk in stride(from: 0, to: orderIDs.count, by: 500).map({
            Array(orderIDs[$0..<min($0 + 500, orderIDs.count)])
        }) {
            for row in try await db.raw(
                "SELECT order_id, item_code FROM order_lines WHERE order_id IN (\(binds: chunk)) ORDER BY line_no"
            ).all() {
                items[try row.text("order_id"), default: []].append(try row.text("item_code"))
            }
            for row in try await db.raw(
                "SELECT order_id, staff_id FROM assignment_members WHERE order_id IN (\(binds: chunk))"
            ).all() {
                technicians[try row.text("order_id"), default: []].append(try row.uuid("staff_id"))
            }
        }
        return try rows.map { row in
            let order = try row.text("order_id")
            return DelayFact(
                orderNumber: try row.text("number"), storeCode: try row.text("store_code"),
                stage: try row.enum("stage", as: TrackingStage.self), deadline: try row.instant("deadline_at"),
                endedAt: try row.optionalInt("resolved_at").map(Date.init(epochMilliseconds:)),
                cause: try row.optionalText("cause").flatMap(DelayCause.init(rawValue:)),
                itemCodes: items[order] ?? [], technicianIDs: technicians[order] ?? [])
        }
    }

    /// Alerts of these stores (nil: all) raised since `since`, newest first;
    /// `openOnly` leaves out the acknowledged and the resolved.
    public static func list(
        stores: Set<String>?, since: Date, openOnly: Bool, limit: Int, on db: any SQLDatabase
    ) async throws -> [StageAlert] {
        var conditions: [SQLQueryString] = ["a.raised_at >= \(bind: since.epochMilliseconds)"]
        if let stores {
            guard !stores.isEmpty else { return [] }
            conditions.append("a.store_code IN (\(binds: stores.sorted()))")
        }
        if openOnly { conditions.append("a.acknowledged_at IS NULL AND a.resolved_at IS NULL") }
        return try await db.raw(
            """
            \(unsafeRaw: selectAlerts) WHERE \(conditions.joined(separator: " AND "))
            ORDER BY a.raised_at DESC, a.id LIMIT \(unsafeRaw: String(max(1, limit)))
            """
        ).all().map(alert)
    }

    /// The alerts of one order, oldest first: for its page.
    public static func forOrder(_ orderID: UUID, on db: any SQLDatabase) async throws -> [StageAlert] {
        try await db.raw(
            "\(unsafeRaw: selectAlerts) WHERE a.order_id = \(bind: orderID.uuidString) ORDER BY a.raised_at, a.id"
        ).all().map(alert)
    }

    static let selectAlerts = """
        SELECT a.id, a.order_id, o.number, a.store_code, a.stage, a.stage_since, a.kind, a.deadline_at, a.due_at,
               a.raised_at, a.audience_json, a.acknowledged_at, a.acknowledged_by, a.resolved_at, a.cause, a.cause_note
        FROM stage_alerts a JOIN orders o ON o.id = a.order_id
        """

    static func alert(_ row: any SQLRow) throws -> StageAlert {
        StageAlert(
            id: try row.uuid("id"), orderID: try row.uuid("order_id"), orderNumber: try row.text("number"),
            storeCode: try row.text("store_code"), stage: try row.enum("stage", as: TrackingStage.self),
            stageSince: try row.instant("stage_since"), kind: try row.enum("kind", as: AlertKind.self),
            deadline: try row.instant("deadline_at"), dueAt: try row.instant("due_at"),
            raisedAt: try row.instant("raised_at"), audience: try row.json("audience_json", as: AlertAudience.self),
            acknowledgedAt: try row.optionalInt("acknowledged_at").map(Date.init(epochMilliseconds:)),
            acknowledgedBy: try row.optionalText("acknowledged_by"),
            resolvedAt: try row.optionalInt("resolved_at").map(Date.init(epochMilliseconds:)),
            cause: try row.optionalText("cause").flatMap(DelayCause.init(rawValue:)),
            causeNote: try row.optionalText("cause_note"))
    }
}

import Foundation
import SQLKit

/// Figures every instance shares, read at scrape time for `/metrics`: the
/// notification outbox's backlog, the dead letters, the open orders by
/// stage and the background jobs' state.
public struct OperationsFigures: Sendable, Equatable {
    /// Order events not yet turned into deliveries.
    public var outboxWaiting: Int
    /// Deliveries waiting for their (next) attempt.
    public var deliveriesPending: Int
    /// Deliveries that failed every attempt.
    public var deadLetters: Int
    /// Orders whose running stage has a clock, by stage.
    public var openOrdersByStage: [String: Int]
    public var jobs: [BackgroundJobState]
}

public enum OperationsRecords {
    /// Each count reads an index or the small `stage_watch` table (one row
    /// per open order), not the orders.
    public static func figures(on db: any SQLDatabase) async throws -> OperationsFigures {
        let outbox =
            try await db.raw("SELECT COUNT(*) AS n FROM notification_outbox WHERE expanded_at IS NULL")
            .first().map { Int(try $0.int("n")) } ?? 0
        var deliveries: [String: Int] = [:]
        for status in ["pending", "dead"] {
            deliveries[status] =
                try await db.raw(
                    "SELECT COUNT(*) AS n FROM notification_deliveries WHERE status = \(bind: status)"
                ).first().map { Int(try $0.int("n")) } ?? 0
        }
        var stages: [String: Int] = [:]
        for row in try await db.raw(
            "SELECT stage, COUNT(*) AS n FROM stage_watch WHERE stage IS NOT NULL GROUP BY stage"
        ).all() {
            stages[try row.text("stage")] = Int(try row.int("n"))
        }
        return OperationsFigures(
            outboxWaiting: outbox, deliveriesPending: deliveries["pending"] ?? 0,
            deadLetters: deliveries["dead"] ?? 0, openOrdersByStage: stages,
            jobs: try await BackgroundJobRecords.all(on: db))
    }
}

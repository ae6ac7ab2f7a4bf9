import Foundation
import OrderFlowCore
import SQLKit

/// The `customer_feedback` table (R4.3).
public enum FeedbackRecords {
    public static func insert(_ feedback: CustomerFeedback, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO customer_feedback (id, order_id, store_code, rating, comment, channel, recorded_by, at)
            VALUES (\(bind: feedback.id.uuidString), \(bind: feedback.orderID.uuidString), \(bind: feedback.storeCode),
                    \(bind: feedback.rating.map(Int64.init)), \(bind: feedback.comment), \(bind: feedback.channel.rawValue),
                    \(bind: feedback.recordedBy), \(bind: feedback.at.epochMilliseconds))
            """
        ).run()
    }

    public static func forOrder(_ orderID: UUID, on db: any SQLDatabase) async throws -> [CustomerFeedback] {
        try await db.raw(
            "SELECT * FROM customer_feedback WHERE order_id = \(bind: orderID.uuidString) ORDER BY at, id"
        ).all().map { row in
            CustomerFeedback(
                id: try row.uuid("id"), orderID: try row.uuid("order_id"), storeCode: try row.text("store_code"),
                rating: try row.optionalInt("rating").map(Int.init), comment: try row.text("comment"),
                channel: try row.enum("channel", as: FeedbackChannel.self), recordedBy: try row.text("recorded_by"),
                at: try row.instant("at"))
        }
    }
}

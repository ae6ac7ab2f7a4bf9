import OrderFlowCore
import SQLKit

/// Hands out the daily sequence behind order numbers, per store and local
/// day, atomically on both engines (an upsert that returns the new value).
public enum OrderNumberCounter {
    public static func next(storeCode: String, day: LocalDate, on db: any SQLDatabase) async throws -> Int {
        let row = try await db.raw(
            """
            INSERT INTO order_number_counters (store_code, day, last_value)
            VALUES (\(bind: storeCode), \(bind: day.description), 1)
            ON CONFLICT (store_code, day) DO UPDATE SET last_value = order_number_counters.last_value + 1
            RETURNING last_value
            """
        ).first()
        guard let row else { throw StoreError.corruptRow("order number counter returned nothing") }
        return Int(try row.int("last_value"))
    }
}

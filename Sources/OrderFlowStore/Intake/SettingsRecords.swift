import Foundation
import OrderFlowCore
import SQLKit

/// The `settings` table: small configuration documents stored as JSON, so
/// that every instance sharing the database sees the same configuration.
public enum SettingsRecords {
    static let reviewPolicyKey = "intake.reviewPolicy"

    public static func reviewPolicy(on db: any SQLDatabase) async throws -> ReviewPolicy {
        guard let row = try await db.raw("SELECT value_json FROM settings WHERE key = \(bind: reviewPolicyKey)").first()
        else { return .standard }
        return try row.json("value_json", as: ReviewPolicy.self)
    }

    public static func saveReviewPolicy(_ policy: ReviewPolicy, at now: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO settings (key, value_json, updated_at)
            VALUES (\(bind: reviewPolicyKey), \(bind: try JSONCoding.string(policy)), \(bind: now.epochMilliseconds))
            ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at
            """
        ).run()
    }
}

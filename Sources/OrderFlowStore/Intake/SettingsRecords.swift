import Foundation
import OrderFlowCore
import SQLKit

/// The `settings` table: small configuration documents stored as JSON, so
/// that every instance sharing the database sees the same configuration.
public enum SettingsRecords {
    static let reviewPolicyKey = "intake.reviewPolicy"
    static let referenceVersionKey = "reference.version"

    /// A number that changes whenever stores, the catalog, the review
    /// policy or the time limits change, in the same transaction (first). Instances cache reference data
    /// and re-read it only when this moves, which keeps the hot intake path
    /// to one small read however big the catalog grows.
    public static func referenceVersion(on db: any SQLDatabase) async throws -> Int64 {
        guard
            let row = try await db.raw("SELECT value_json FROM settings WHERE key = \(bind: referenceVersionKey)")
                .first()
        else { return 0 }
        return try row.json("value_json", as: Int64.self)
    }

    static func bumpReferenceVersion(at now: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO settings (key, value_json, updated_at)
            VALUES (\(bind: referenceVersionKey), '1', \(bind: now.epochMilliseconds))
            ON CONFLICT (key) DO UPDATE SET
                value_json = CAST(CAST(settings.value_json AS BIGINT) + 1 AS TEXT), updated_at = excluded.updated_at
            """
        ).run()
    }

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
        try await bumpReferenceVersion(at: now, on: db)
    }
}

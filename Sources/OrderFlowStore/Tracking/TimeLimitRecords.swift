import Foundation
import OrderFlowCore
import SQLKit

/// The company's time-limit policy (R4.4), one document in `settings`.
public enum TimeLimitRecords {
    static let key = "tracking.timeLimits"

    /// The policy in force; the standard one until an administrator sets another.
    public static func policy(on db: any SQLDatabase) async throws -> TimeLimitPolicy {
        guard let row = try await db.raw("SELECT value_json FROM settings WHERE key = \(bind: key)").first()
        else { return TimeLimitPolicy() }
        return try row.json("value_json", as: TimeLimitPolicy.self)
    }

    public static func save(_ policy: TimeLimitPolicy, at now: Date, on db: any SQLDatabase) async throws {
        // First, so that intake either sees the new limits or is waited for (see referenceVersion).
        try await SettingsRecords.bumpReferenceVersion(at: now, on: db)
        try await db.raw(
            """
            INSERT INTO settings (key, value_json, updated_at)
            VALUES (\(bind: key), \(bind: try JSONCoding.string(policy)), \(bind: now.epochMilliseconds))
            ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at
            """
        ).run()
    }
}

import Foundation
import OrderFlowCore
import SQLKit

/// The `dispatch_settings` table: one document per store, versioned.
public enum DispatchSettingsRecords {
    /// The store's settings and their version; the defaults at version 0
    /// until a manager saves some.
    public static func find(storeCode: String, on db: any SQLDatabase) async throws -> (StoreDispatchSettings, Int) {
        guard
            let row = try await db.raw(
                "SELECT settings_json, version FROM dispatch_settings WHERE store_code = \(bind: storeCode)"
            ).first()
        else { return (StoreDispatchSettings(), 0) }
        return (try row.json("settings_json", as: StoreDispatchSettings.self), Int(try row.int("version")))
    }

    /// Saves the settings when `expectedVersion` is still current; returns the new version.
    public static func save(
        _ settings: StoreDispatchSettings, storeCode: String, expectedVersion: Int, at instant: Date,
        on db: any SQLDatabase
    ) async throws -> Int {
        let json = try JSONCoding.string(settings)
        if expectedVersion == 0 {
            do {
                try await db.raw(
                    """
                    INSERT INTO dispatch_settings (store_code, settings_json, updated_at, version)
                    VALUES (\(bind: storeCode), \(bind: json), \(bind: instant.epochMilliseconds), 1)
                    """
                ).run()
            } catch  where StoreError.isUniqueViolation(error) {
                throw StoreError.staleVersion
            }
            return 1
        }
        let row = try await db.raw(
            """
            UPDATE dispatch_settings SET settings_json = \(bind: json), updated_at = \(bind: instant.epochMilliseconds),
                                         version = version + 1
            WHERE store_code = \(bind: storeCode) AND version = \(bind: Int64(expectedVersion))
            RETURNING version
            """
        ).first()
        guard let row else { throw StoreError.staleVersion }
        return Int(try row.int("version"))
    }
}

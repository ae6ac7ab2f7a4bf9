import Foundation
import OrderFlowCore
import SQLKit

/// The `service_items` table: the company's service catalog.
public enum CatalogRecords {
    public static func save(_ item: ServiceItem, at now: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO service_items (code, name_zh, name_en, unit_zh, unit_en, unit_price_fen,
                                       required_skills_json, estimated_minutes, location, active, preparation_json,
                                       acceptance_json, warranty_json, updated_at)
            VALUES (\(bind: item.code), \(bind: item.name.zhHans), \(bind: item.name.en), \(bind: item.unit.zhHans),
                    \(bind: item.unit.en), \(bind: item.unitPrice.fen), \(bind: try JSONCoding.string(item.requiredSkills)),
                    \(bind: Int64(item.estimatedMinutes)), \(bind: item.location.rawValue),
                    \(bind: Int64(item.active ? 1 : 0)), \(bind: try JSONCoding.string(item.preparation)),
                    \(bind: try item.acceptance.map(JSONCoding.string)), \(bind: try item.warranty.map(JSONCoding.string)),
                    \(bind: now.epochMilliseconds))
            ON CONFLICT (code) DO UPDATE SET
                name_zh = excluded.name_zh, name_en = excluded.name_en, unit_zh = excluded.unit_zh,
                unit_en = excluded.unit_en, unit_price_fen = excluded.unit_price_fen,
                required_skills_json = excluded.required_skills_json,
                estimated_minutes = excluded.estimated_minutes, location = excluded.location,
                active = excluded.active, preparation_json = excluded.preparation_json,
                acceptance_json = excluded.acceptance_json, warranty_json = excluded.warranty_json,
                updated_at = excluded.updated_at
            """
        ).run()
        try await SettingsRecords.bumpReferenceVersion(at: now, on: db)
    }

    public static func all(on db: any SQLDatabase) async throws -> [ServiceItem] {
        try await db.raw("SELECT * FROM service_items ORDER BY code").all().map { row in
            ServiceItem(
                code: try row.text("code"),
                name: LocalizedText(zhHans: try row.text("name_zh"), en: try row.text("name_en")),
                unit: LocalizedText(zhHans: try row.text("unit_zh"), en: try row.text("unit_en")),
                unitPrice: Money(fen: try row.int("unit_price_fen")),
                requiredSkills: try row.json("required_skills_json", as: [String].self),
                estimatedMinutes: Int(try row.int("estimated_minutes")),
                location: try row.enum("location", as: ServiceLocation.self), active: try row.bool("active"),
                preparation: try row.optionalText("preparation_json") == nil
                    ? ServicePreparation() : try row.json("preparation_json", as: ServicePreparation.self),
                acceptance: try row.optionalText("acceptance_json") == nil
                    ? nil : try row.json("acceptance_json", as: AcceptanceStandard.self),
                warranty: try row.optionalText("warranty_json") == nil
                    ? nil : try row.json("warranty_json", as: WarrantyPolicy.self))
        }
    }
}

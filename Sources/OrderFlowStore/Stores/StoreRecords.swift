import Foundation
import OrderFlowCore
import SQLKit

/// The `stores` table.
public enum StoreRecords {
    public static func save(_ store: Store, at now: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO stores (code, name_zh, name_en, address_json, phone, time_zone, opening_hours_json,
                                holidays_json, updated_at)
            VALUES (\(bind: store.code), \(bind: store.name.zhHans), \(bind: store.name.en),
                    \(bind: try JSONCoding.string(store.address)), \(bind: store.phone), \(bind: store.timeZoneID),
                    \(bind: try JSONCoding.string(store.openingHours)),
                    \(bind: try JSONCoding.string(store.holidays.sorted())), \(bind: now.epochMilliseconds))
            ON CONFLICT (code) DO UPDATE SET
                name_zh = excluded.name_zh, name_en = excluded.name_en, address_json = excluded.address_json,
                phone = excluded.phone, time_zone = excluded.time_zone,
                opening_hours_json = excluded.opening_hours_json, holidays_json = excluded.holidays_json,
                updated_at = excluded.updated_at
            """
        ).run()
        try await SettingsRecords.bumpReferenceVersion(at: now, on: db)
    }

    public static func all(on db: any SQLDatabase) async throws -> [Store] {
        try await db.raw("SELECT * FROM stores ORDER BY code").all().map(store(from:))
    }

    public static func find(code: String, on db: any SQLDatabase) async throws -> Store? {
        try await db.raw("SELECT * FROM stores WHERE code = \(bind: code)").first().map(store(from:))
    }

    static func store(from row: any SQLRow) throws -> Store {
        Store(
            code: try row.text("code"),
            name: LocalizedText(zhHans: try row.text("name_zh"), en: try row.text("name_en")),
            address: try row.json("address_json", as: Address.self), phone: try row.text("phone"),
            timeZoneID: try row.text("time_zone"),
            openingHours: try row.json("opening_hours_json", as: WeeklyOpeningHours.self),
            holidays: Set(try row.json("holidays_json", as: [LocalDate].self)))
    }
}

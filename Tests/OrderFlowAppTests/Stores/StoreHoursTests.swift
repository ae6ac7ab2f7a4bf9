import Foundation
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@Suite("Changing a store's hours")
struct StoreHoursTests {
    static let weekdays = WeeklyOpeningHours(
        byWeekday: Dictionary(
            uniqueKeysWithValues: [2, 4, 5, 6, 7].map {
                ($0, DailyHours(opens: TimeOfDay(hour: 9), closes: TimeOfDay(hour: 18)))
            }))

    @Test(
        "R2.3 a store manager closes Wednesdays: new appointments are checked against it; audited",
        arguments: TestEngine.available)
    func closeADay(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let service = ReferenceDataService(database: database, environment: .at { Fixtures.now })
            let manager = Fixtures.caller(.storeManager, stores: ["SH01"])
            // The fixture order is for tomorrow, Wednesday 2026-12-02 (weekday 4): close Wednesdays, open Mondays.
            var hours = Self.weekdays
            hours.byWeekday[4] = nil
            hours.byWeekday[3] = DailyHours(opens: TimeOfDay(hour: 9), closes: TimeOfDay(hour: 18))
            let saved = try await service.updateStoreHours(
                code: "SH01", openingHours: hours, holidays: [LocalDate(year: 2027, month: 1, day: 1)],
                phone: "021-6487 1234", by: manager)
            #expect(saved.phone == "02164871234")
            let intake = Fixtures.intake(database)
            await #expect(throws: AppError.self) { try await intake.createOrder(Fixtures.draft(), by: Fixtures.agent) }
            let audit = try await database.read {
                try await AuditLog.search(AuditQuery(action: "store.hoursChanged"), on: $0)
            }
            #expect(audit.first?.storeCode == "SH01" && audit.first?.actor == manager.actor.description)
        }
    }

    @Test("others are refused: another store's manager finds nothing, a receptionist may not; bad hours are 422")
    func refusals() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await Fixtures.seed(database)
            let service = ReferenceDataService(database: database, environment: .at { Fixtures.now })
            await #expect(throws: AppError.notFound(LocalizedText(zhHans: "找不到门店 SH01", en: "No store SH01"))) {
                try await service.updateStoreHours(
                    code: "SH01", openingHours: Self.weekdays, holidays: [], phone: "02164871234",
                    by: Fixtures.caller(.storeManager, stores: ["BJ01"]))
            }
            await #expect(throws: AppError.notAllowed) {
                try await service.updateStoreHours(
                    code: "SH01", openingHours: Self.weekdays, holidays: [], phone: "02164871234",
                    by: Fixtures.caller(.receptionist, stores: ["SH01"]))
            }
            do {
                _ = try await service.updateStoreHours(
                    code: "SH01",
                    openingHours: WeeklyOpeningHours(byWeekday: [
                        2: DailyHours(opens: TimeOfDay(hour: 18), closes: TimeOfDay(hour: 9))
                    ]),
                    holidays: [], phone: "12", by: Fixtures.administrator)
                Issue.record("accepted")
            } catch AppError.invalid(let problems) {
                #expect(problems.map(\.code) == ["store.closesBeforeOpening", "phone.format"])
            }
            #expect(try await service.store(code: "SH01", by: Fixtures.administrator) == Fixtures.store)
        }
    }
}

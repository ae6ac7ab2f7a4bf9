import Foundation
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@Suite("Changing the catalog")
struct CatalogChangeTests {
    @Test(
        "an administrator reprices an item: new orders use it, the change is audited; others are refused",
        arguments: TestEngine.available)
    func reprice(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let service = ReferenceDataService(database: database, environment: .at { Fixtures.now })
            let intake = Fixtures.intake(database)
            #expect(
                try await intake.createOrder(Fixtures.draft(), by: Fixtures.agent).order.order.total
                    == Money(fen: 12_800))
            await #expect(throws: AppError.notAllowed) {
                try await service.updateServiceItem(
                    code: "AC-CLEAN", unitPrice: Money(fen: 1), active: nil,
                    by: Fixtures.caller(.storeManager, stores: ["SH01"]))
            }
            await #expect(throws: AppError.self) {
                try await service.updateServiceItem(
                    code: "AC-CLEAN", unitPrice: Money(fen: 100_000_001), active: nil, by: Fixtures.administrator)
            }
            let changed = try await service.updateServiceItem(
                code: "AC-CLEAN", unitPrice: Money(fen: 15_000), active: nil, by: Fixtures.administrator)
            #expect(changed.unitPrice == Money(fen: 15_000) && changed.active)
            let later = try await intake.createOrder(Fixtures.draft(phone: "13900000000"), by: Fixtures.agent).order
                .order
            #expect(later.total == Money(fen: 15_000))
            _ = try await service.updateServiceItem(
                code: "AC-CLEAN", unitPrice: nil, active: false, by: Fixtures.administrator)
            await #expect(throws: AppError.self) {
                try await intake.createOrder(Fixtures.draft(phone: "13700000000"), by: Fixtures.agent)
            }
            let audit = try await database.read {
                try await AuditLog.search(AuditQuery(action: "catalog.itemChanged"), on: $0)
            }
            #expect(audit.count == 2)
            #expect(audit.last?.detailJSON.contains("\"priceAfter\":\"15000\"") == true)
        }
    }
}

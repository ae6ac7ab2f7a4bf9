import Foundation
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@Suite("Demo data")
struct DemoLoaderTests {
    @Test("the demo fills every intake state, every channel and three stores")
    func demoCoverage() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let summary = try await DemoLoader(database: database, logger: TestDatabase.logger)
                .load(orderCount: 150, now: Fixtures.now)
            #expect(summary.orders >= 140)
            #expect(Set(summary.byStatus.keys) == [.confirmed, .pendingReview, .rejected, .cancelled])
            let intake = Fixtures.intake(database)
            let all = try await intake.orders(OrderQuery(limit: 200), by: Fixtures.agent).orders.map(\.order)
            #expect(Set(all.map(\.channel.kind)) == Set(Channel.Kind.allCases))
            #expect(Set(all.map(\.storeCode)) == ["SH01", "BJ01", "SZ01"])
            #expect(try await ReferenceDataService(database: database).catalog(by: Fixtures.agent).count >= 15)
            let sample = try await intake.timeline(all[0].number, by: Fixtures.agent)
            #expect(sample.intact)
        }
    }
}

import Foundation
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@Suite("Demo data")
struct DemoLoaderTests {
    @Test("the demo fills every intake and dispatch state, every channel and three stores")
    func demoCoverage() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let summary = try await DemoLoader(
                database: database,
                storage: FileAttachmentStorage(
                    directory: FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID())")),
                logger: TestDatabase.logger
            )
            .load(orderCount: 150, now: Fixtures.now)
            #expect(summary.orders >= 140)
            #expect(
                Set(summary.byStatus.keys) == [
                    .confirmed, .pendingReview, .rejected, .cancelled, .assigned, .preparing, .inService,
                    .awaitingAcceptance, .rework, .delivered,
                ])
            let intake = Fixtures.intake(database)
            let all = try await intake.orders(OrderQuery(limit: 200), by: Fixtures.agent).orders.map(\.order)
            #expect(Set(all.map(\.channel.kind)) == Set(Channel.Kind.allCases))
            #expect(Set(all.map(\.storeCode)) == ["SH01", "BJ01", "SZ01"])
            #expect(try await ReferenceDataService(database: database).catalog(by: Fixtures.agent).count >= 15)
            let sample = try await intake.timeline(all[0].number, by: Fixtures.agent)
            #expect(sample.intact)
            // Dispatch planned the days and technicians worked the started jobs, with no double booking.
            #expect(all.contains { $0.status == .assigned } && all.contains { $0.status == .inService })
            let assignments = try await database.read { db in
                try await AssignmentRecords.forStaff(
                    try await StaffRecords.all(on: db).map(\.id), from: Fixtures.now.addingTimeInterval(-20 * 86_400),
                    before: Fixtures.now.addingTimeInterval(20 * 86_400), on: db)
            }.map(\.assignment)
            #expect(assignments.count > 20)
            for technician in Set(assignments.flatMap(\.technicianIDs)) {
                let day = assignments.filter { $0.technicianIDs.contains(technician) }.sorted { $0.start < $1.start }
                for (earlier, later) in zip(day, day.dropFirst()) { #expect(earlier.end <= later.start) }
            }
            // R5.3 R6.3 signed reports, and one covered and one refused warranty request.
            let claims = try await database.read {
                try await WarrantyClaimRecords.list(stores: nil, openOnly: false, ownerID: nil, limit: 10, on: $0)
            }
            #expect(Set(claims.map(\.status)) == [.accepted, .declined])
            let delivered = try #require(all.first { $0.status == .delivered })
            let reports = try await database.read { try await DeliveryReportRecords.forOrder(delivered.id, on: $0) }
            #expect(reports.last?.0.acceptance?.signatureID != nil)
        }
    }
}

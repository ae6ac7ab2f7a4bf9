import Foundation
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowApp

@Suite("Delivery: answers at the same moment (R5.3)")
struct DeliveryRaceTests {
    @Test(
        "R5.3 an acceptance on the device and a rejection by link at once, on two PostgreSQL instances: one answer wins, the other is refused",
        arguments: 0..<3)
    func simultaneousAnswers(round: Int) async throws {
        try await TestDatabase.withTwoPostgresInstances { first, second in
            let w = try await DeliveryWorld.make(first)
            _ = try await w.service.submitReport(
                DeliveryWorld.draft(), on: w.order.number, ifMatch: nil, by: w.technician)
            let other = DeliveryService(
                database: second, storage: w.storage, environment: w.clock.environment, logger: TestDatabase.logger)
            async let onDevice: Result<DeliveryReport, any Error> = await Result {
                try await w.service.decide(
                    AcceptanceRequest(decision: .accepted, via: .technicianDevice, signerName: "王先生"),
                    signature: SampleFiles.png, on: w.order.number, by: w.technician)
            }
            async let byLink: Result<DeliveryReport, any Error> = await Result {
                try await other.decide(
                    AcceptanceRequest(decision: .rejected, via: .customerLink, reasons: "有划痕"), trackingToken: w.token)
            }
            let results = await [onDevice, byLink]
            let winners = results.compactMap { try? $0.get() }
            #expect(winners.count == 1, "round \(round)")
            for case .failure(let error) in results {
                #expect(error is AppError, "a refusal, not a crash: \(error)")
            }
            let view = try await w.service.delivery(w.order.number, by: w.technician)
            #expect(view.reports.count == 1 && view.reports[0].status == winners.first?.status)
            let answers = try await w.eventTypes().filter { $0 == "delivery.accepted" || $0 == "delivery.rejected" }
            #expect(answers.count == 1)
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

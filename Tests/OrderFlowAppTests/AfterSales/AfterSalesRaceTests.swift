import Foundation
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowApp

@Suite("After-sales: one request sent to two instances at once (R6.2)")
struct AfterSalesRaceTests {
    @Test("R6.2 the same request key on two PostgreSQL instances at the same moment: one claim, both answered with it")
    func sameKeyTwice() async throws {
        try await TestDatabase.withTwoPostgresInstances { first, second in
            let (w, agent) = try await AfterSalesTests.delivered(first)
            let one = AfterSalesTests.service(w)
            let two = AfterSalesService(database: second, environment: w.clock.environment, logger: TestDatabase.logger)
            for round in 0..<8 {
                let key = "call-\(round)"
                async let a = one.receiveClaim(
                    AfterSalesTests.leak(), orderNumber: w.order.number, requestKey: key, by: .staff(agent))
                async let b = two.receiveClaim(
                    AfterSalesTests.leak(), orderNumber: w.order.number, requestKey: key, by: .staff(agent))
                let (left, right) = try await (a, b)
                #expect(left.id == right.id, "round \(round)")
            }
            let claims = try await one.claims(ofOrder: w.order.id)
            #expect(claims.count == 8)
            let events = try await w.eventTypes().filter { $0 == "afterSales.claimAccepted" }
            #expect(events.count == 8)
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

/// Warranty claims through the real router: decided at once with the
/// reason, bad claims refused by field, sent twice kept once, handled to
/// the end, and counted.
@Suite("After-sales API (R6.2–R6.5)")
struct AfterSalesAPITests {
    /// A delivered SH01 order with a 90-day warranty on its item, and headers of an after-sales agent.
    static func delivered(_ client: any TestClientProtocol, _ database: any OrderFlowDatabase) async throws -> (
        Order, HTTPFields
    ) {
        let world = try await DispatchFixtures.seed(database)
        var item = DispatchFixtures.acCleanPrepared
        item.warranty = WarrantyPolicy(periodDays: 90, scope: ["leak", "noise"], costBearer: .company)
        try await ReferenceDataService(database: database, environment: .at { Fixtures.now })
            .save(stores: [Fixtures.store, Fixtures.otherStore], items: [item, Fixtures.phoneScreen])
        let order = try await world.confirmedOrder(daysAhead: 0, hour: 11)
        _ = try await world.dispatch().assign(
            order.number, AssignmentRequest(target: .technician(world.member("sh.tech1").id), reason: "x"),
            ifMatch: nil, by: DispatchFixtures.dispatcher)
        _ = try await world.dispatch().updateSettings(
            storeCode: "SH01", StoreDispatchSettings(checklistRequiredBeforeCheckIn: false), ifMatch: nil,
            by: DispatchFixtures.manager)
        let tech = world.technician("sh.tech1")
        _ = try await world.jobs().record(.checkIn(location: nil), on: order.number, ifMatch: nil, by: tech)
        let delivery = DeliveryService(
            database: database,
            storage: FileAttachmentStorage(
                directory: FileManager.default.temporaryDirectory.appendingPathComponent("att-\(UUID())")),
            environment: .at { Fixtures.now }, logger: TestDatabase.logger)
        _ = try await delivery.submitReport(
            DeliveryReportDraft(workDone: "清洗", results: "正常"), on: order.number, ifMatch: nil, by: tech)
        _ = try await delivery.decide(
            AcceptanceRequest(decision: .accepted, via: .technicianDevice, signerName: "王先生"),
            signature: Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 64),
            on: order.number, by: DispatchFixtures.manager)
        let agent = try await APITest.headers(
            for: [RoleGrant(role: .afterSales, scope: .stores(["SH01"]))], on: database)
        return (order, agent)
    }

    static func claim(_ order: Order, problem: String = "leak", phone: String = "13812345678") -> [String: Any] {
        [
            "orderNumber": order.number, "channel": "phone", "itemCode": "AC-CLEAN", "contactName": "王先生",
            "contactPhone": phone, "problem": problem, "description": "内机滴水",
        ]
    }

    @Test("R6.2 R6.3 eligible and ineligible claims over the API, bad ones refused by field, a retry kept once")
    func receive() async throws {
        try await APITest.run { client, database in
            let (order, agent) = try await Self.delivered(client, database)
            var headers = agent
            headers[HTTPField.Name("Idempotency-Key")!] = "call-1"
            let accepted = try await client.execute(
                uri: "/api/v1/claims", method: .post, headers: headers, body: try APITest.bytes(Self.claim(order)))
            #expect(accepted.status == .created)
            let body = try APITest.object(accepted.body)
            #expect(body["status"] as? String == "accepted" && body["eligible"] as? Bool == true)
            #expect(body["contactPhone"] as? String == "138****5678")
            let retry = try await client.execute(
                uri: "/api/v1/claims", method: .post, headers: headers, body: try APITest.bytes(Self.claim(order)))
            #expect(try APITest.object(retry.body)["id"] as? String == body["id"] as? String)

            let declined = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/claims", method: .post, headers: agent,
                    body: try APITest.bytes(Self.claim(order, problem: "odor"))
                ).body)
            #expect(declined["status"] as? String == "declined" && declined["refusalReason"] as? String == "outOfScope")
            #expect(((declined["explanation"] as? [String: Any])?["en"] as? String)?.isEmpty == false)

            var unknown = Self.claim(order)
            unknown["orderNumber"] = "SH01-20990101-0001"
            let missing = try await client.execute(
                uri: "/api/v1/claims", method: .post, headers: agent, body: try APITest.bytes(unknown))
            #expect(try APITest.problemCodes(missing.body) == ["orderNumber:claim.unknownOrder"])
            let someoneElse = try await client.execute(
                uri: "/api/v1/claims", method: .post, headers: agent,
                body: try APITest.bytes(Self.claim(order, phone: "13700000000")))
            #expect(try APITest.problemCodes(someoneElse.body) == ["contactPhone:claim.notCustomersOrder"])
            let beijing = try await APITest.headers(
                for: [RoleGrant(role: .afterSales, scope: .stores(["BJ01"]))], on: database)
            let elsewhere = try await client.execute(
                uri: "/api/v1/claims", method: .post, headers: beijing, body: try APITest.bytes(Self.claim(order)))
            #expect(try APITest.problemCodes(elsewhere.body) == ["orderNumber:claim.unknownOrder"])
            let technician = try await APITest.headers(
                for: [RoleGrant(role: .technician, scope: .stores(["SH01"]))], on: database)
            let refused = try await client.execute(
                uri: "/api/v1/claims", method: .post, headers: technician, body: try APITest.bytes(Self.claim(order)))
            #expect(refused.status == .forbidden)

            let list = try APITest.object(
                try await client.execute(uri: "/api/v1/orders/\(order.number)/claims", method: .get, headers: agent)
                    .body)
            #expect((list["items"] as? [Any])?.count == 2)
        }
    }

    @Test(
        "R6.4 handling over the API: analysis, progress to the customer, a zero-price repair, closing; then the report")
    func handleAndReport() async throws {
        try await APITest.run { client, database in
            let (order, agent) = try await Self.delivered(client, database)
            let created = try await client.execute(
                uri: "/api/v1/claims", method: .post, headers: agent, body: try APITest.bytes(Self.claim(order)))
            let id = try #require(try APITest.object(created.body)["id"] as? String)
            let base = "/api/v1/claims/\(id)"
            var stale = agent
            stale[.ifMatch] = "\"v99\""
            let conflict = try await client.execute(
                uri: base, method: .put, headers: stale, body: try APITest.bytes(["causeAnalysis": "x"]))
            #expect(conflict.status == .preconditionFailed)
            let analysed = try await client.execute(
                uri: base, method: .put, headers: agent,
                body: try APITest.bytes(["causeAnalysis": "排水管松动", "solution": "紧固"]))
            #expect(try APITest.object(analysed.body)["causeAnalysis"] as? String == "排水管松动")
            let told = try await client.execute(
                uri: "\(base)/progress", method: .post, headers: agent,
                body: try APITest.bytes(["message": "明早上门", "sendToCustomer": true]))
            #expect((try APITest.object(told.body)["progress"] as? [Any])?.count == 1)
            let repair = try await client.execute(
                uri: "\(base)/repair", method: .post, headers: agent,
                body: try APITest.bytes([
                    "appointmentStart": APITest.iso(Fixtures.shanghai(daysAfterNow: 2, hour: 10)),
                    "appointmentEnd": APITest.iso(Fixtures.shanghai(daysAfterNow: 2, hour: 12)),
                ]))
            #expect(repair.status == .created)
            let repairNumber = try #require(try APITest.object(repair.body)["repairOrderNumber"] as? String)
            let repairOrder = try APITest.object(
                try await client.execute(uri: "/api/v1/orders/\(repairNumber)", method: .get, headers: APITest.auth)
                    .body)
            #expect(repairOrder["total"] as? Int == 0)
            let noScore = try await client.execute(
                uri: "\(base)/close", method: .post, headers: agent, body: try APITest.bytes(["solution": "修好"]))
            #expect(try APITest.problemCodes(noScore.body).first?.hasPrefix("satisfaction:") == true)
            let closed = try await client.execute(
                uri: "\(base)/close", method: .post, headers: agent,
                body: try APITest.bytes(["solution": "紧固后试水无渗漏", "satisfaction": 5]))
            #expect(try APITest.object(closed.body)["status"] as? String == "closed")
            let again = try await client.execute(
                uri: "\(base)/progress", method: .post, headers: agent, body: try APITest.bytes(["message": "x"]))
            #expect(again.status == .conflict)

            let report = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/reports/after-sales?from=2026-11-01&to=2026-12-31&groupBy=problem", method: .get,
                    headers: APITest.auth
                ).body)
            #expect(report["claims"] as? Int == 1)
            #expect((report["rows"] as? [[String: Any]])?.first?["key"] as? String == "leak")
            let csv = try await client.execute(
                uri: "/api/v1/reports/after-sales.csv?from=2026-11-01&to=2026-12-31&groupBy=item", method: .get,
                headers: APITest.auth)
            #expect(String(buffer: csv.body).hasPrefix("item,label,total,claims,complaints,eligible"))
            let badDates = try await client.execute(
                uri: "/api/v1/reports/after-sales?from=yesterday&to=2026-12-31", method: .get, headers: APITest.auth)
            #expect(try APITest.problemCodes(badDates.body) == ["from:query.invalid"])
        }
    }
}

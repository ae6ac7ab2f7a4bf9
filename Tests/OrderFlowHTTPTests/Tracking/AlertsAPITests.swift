import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderFlowApp
import OrderFlowCore
import OrderFlowHTTP
import OrderFlowStore
import OrderFlowTestSupport
import Testing

/// Alerts through the API and the console: one confirmed order left
/// undispatched until 13:30, so it has an overdue alert (for dispatchers)
/// and an escalation (for the store manager).
@Suite("Tracking: alerts API and console (R4.5)")
struct AlertsAPITests {
    static func raiseAlerts(_ database: any OrderFlowDatabase) async throws -> Order {
        let world = try await DispatchFixtures.seed(database)
        let order = try await world.confirmedOrder()
        let raised = try await DeadlineMonitor(
            database: database, environment: .at { Fixtures.shanghai(daysAfterNow: 0, hour: 13, minute: 30) },
            logger: TestDatabase.logger
        ).scan().raised
        #expect(Set(raised.map(\.kind)) == Set<AlertKind>([.overdue, .escalated]))
        return order
    }

    @Test("R4.5 each role sees the alerts addressed to it; acknowledging is for them only; others are refused")
    func listAndAcknowledge() async throws {
        try await APITest.run { client, database in
            let order = try await Self.raiseAlerts(database)
            let dispatcher = try await APITest.headers(
                for: [RoleGrant(role: .dispatcher, scope: .stores(["SH01"]))], on: database)
            let mine = try APITest.object(
                try await client.execute(uri: "/api/v1/alerts", method: .get, headers: dispatcher).body)
            let items = try #require(mine["items"] as? [[String: Any]])
            #expect(items.map { $0["kind"] as? String } == ["overdue"])
            #expect(items.first?["orderNumber"] as? String == order.number)
            #expect(items.first?["stage"] as? String == "dispatch")
            // The default caller is SH01's store manager: the escalation too.
            let manager = try APITest.object(
                try await client.execute(uri: "/api/v1/alerts", method: .get, headers: APITest.auth).body)
            #expect((manager["items"] as? [[String: Any]])?.count == 2)
            let elsewhere = try await APITest.headers(
                for: [RoleGrant(role: .dispatcher, scope: .stores(["BJ01"]))], on: database)
            let none = try APITest.object(
                try await client.execute(uri: "/api/v1/alerts", method: .get, headers: elsewhere).body)
            #expect((none["items"] as? [[String: Any]])?.isEmpty == true)
            let receptionist = try await APITest.headers(
                for: [RoleGrant(role: .receptionist, scope: .stores(["SH01"]))], on: database)
            #expect(
                try await client.execute(uri: "/api/v1/alerts", method: .get, headers: receptionist).status
                    == .forbidden)
            let id = try #require(items.first?["id"] as? String)
            #expect(
                try await client.execute(uri: "/api/v1/alerts/\(id)/acknowledge", method: .post, headers: elsewhere)
                    .status == .notFound)
            #expect(
                try await client.execute(
                    uri: "/api/v1/alerts/not-a-uuid/acknowledge", method: .post, headers: dispatcher
                )
                .status == .notFound)
            let done = try await client.execute(
                uri: "/api/v1/alerts/\(id)/acknowledge", method: .post, headers: dispatcher)
            #expect(done.status == .ok)
            #expect(try APITest.object(done.body)["acknowledgedAt"] != nil)
            let open = try APITest.object(
                try await client.execute(uri: "/api/v1/alerts", method: .get, headers: dispatcher).body)
            #expect((open["items"] as? [[String: Any]])?.isEmpty == true)
            let all = try APITest.object(
                try await client.execute(uri: "/api/v1/alerts?state=all", method: .get, headers: dispatcher).body)
            #expect((all["items"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test("R4.5 the console lists my alerts, streams them as server-sent events, and takes them on")
    func consolePageAndStream() async throws {
        try await APITest.run(
            configure: { $0.alertStreamSeconds = 1 },
            { client, database in
                let order = try await Self.raiseAlerts(database)
                let (cookie, csrf) = try await ConsoleTests.signIn(
                    client, database, "sh.dispatch", [RoleGrant(role: .dispatcher, scope: .stores(["SH01"]))])
                let page = String(
                    buffer: try await client.execute(uri: "/console/alerts", method: .get, headers: [.cookie: cookie])
                        .body)
                #expect(page.contains("id=\"alert-count\""))
                #expect(page.contains(order.number))
                #expect(page.contains("stage-overdue"))
                #expect(!page.contains("stage-escalated"))
                let stream = try await client.execute(
                    uri: "/console/alerts/stream", method: .get, headers: [.cookie: cookie])
                #expect(stream.headers[.contentType]?.hasPrefix("text/event-stream") == true)
                let events = String(buffer: stream.body)
                #expect(events.hasPrefix("event: alerts\ndata: {"))
                #expect(events.contains("\"count\":1"))
                #expect(events.contains(order.number))
                let id = try #require(
                    page.components(separatedBy: "data-alert=\"").dropFirst().first.map { String($0.prefix(36)) })
                let acknowledged = try await client.execute(
                    uri: "/console/alerts/\(id)/acknowledge", method: .post,
                    headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "csrf=\(csrf)"))
                #expect(acknowledged.headers[.location] == "/console/alerts?done=acknowledged")
                let after = String(
                    buffer: try await client.execute(uri: "/console/alerts", method: .get, headers: [.cookie: cookie])
                        .body)
                #expect(after.contains("id=\"no-alerts\">"))
                let orderPage = String(
                    buffer: try await client.execute(
                        uri: "/console/orders/\(order.number)", method: .get, headers: [.cookie: cookie]
                    ).body)
                #expect(orderPage.contains("id=\"order-alerts\""))
                #expect(orderPage.contains("sh.dispatch"))
                // A receptionist has no alerts: no badge, and the stream is refused.
                let (reception, _) = try await ConsoleTests.signIn(
                    client, database, "sh.reception", [RoleGrant(role: .receptionist, scope: .stores(["SH01"]))])
                let refused = try await client.execute(
                    uri: "/console/alerts/stream", method: .get, headers: [.cookie: reception])
                #expect(refused.status == .forbidden)
            })
    }
}

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

/// The dispatch board and the technician's phone view through the real router.
@Suite("Dispatch board and job pages")
struct DispatchConsoleTests {
    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return ByteBuffer(
            string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
                .joined(separator: "&"))
    }

    @Test("B2 the board shows the queue and the lanes; assigning from it moves the order into a lane")
    func boardAssign() async throws {
        try await APITest.run { client, database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder()
            let (cookie, csrf) = try await ConsoleTests.signIn(
                client, database, "sh.dispatch", [RoleGrant(role: .dispatcher, scope: .stores(["SH01"]))])
            let uri = "/console/dispatch?store=SH01&day=2026-12-02"
            let before = String(
                buffer: try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]).body)
            #expect(before.contains("data-order=\"\(order.number)\""))
            #expect(before.contains("data-lane=\"sh.tech1\""))
            #expect(before.contains("/console/dispatch/plan"))
            // R4.4: the queued order's dispatch clock, due two business hours after it was confirmed.
            #expect(before.contains("stage-onTime"))
            let stamp = String(
                buffer: try await client.execute(
                    uri: "/console/dispatch/stamp?store=SH01&day=2026-12-02", method: .get, headers: [.cookie: cookie]
                ).body)
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            // A named technician without a reason: the board again, with the reason asked for.
            let refused = try await client.execute(
                uri: "/console/dispatch/assignment", method: .post, headers: headers,
                body: Self.form([
                    ("csrf", csrf), ("store", "SH01"), ("day", "2026-12-02"), ("order", order.number),
                    ("action", "assign"), ("target", "tech:\(world.member("sh.tech1").id.uuidString)"),
                    ("start", "10:00"), ("reason", ""),
                ]))
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("请说明原因"))
            let done = try await client.execute(
                uri: "/console/dispatch/assignment", method: .post, headers: headers,
                body: Self.form([
                    ("csrf", csrf), ("store", "SH01"), ("day", "2026-12-02"), ("order", order.number),
                    ("action", "assign"), ("target", "tech:\(world.member("sh.tech1").id.uuidString)"),
                    ("start", "10:00"), ("reason", "熟客"),
                ]))
            #expect(done.status == .seeOther || done.status == .found)
            let after = String(
                buffer: try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]).body)
            #expect(after.contains("id=\"queue-empty\""))
            #expect(after.contains("class=\"job status-assigned\""))
            let newStamp = String(
                buffer: try await client.execute(
                    uri: "/console/dispatch/stamp?store=SH01&day=2026-12-02", method: .get, headers: [.cookie: cookie]
                ).body)
            #expect(newStamp != stamp)
            // The order's page says who goes, when and why.
            let orderPage = String(
                buffer: try await client.execute(
                    uri: "/console/orders/\(order.number)", method: .get, headers: [.cookie: cookie]
                ).body)
            #expect(orderPage.contains("id=\"assignment\""))
            #expect(orderPage.contains("张师傅"))
            #expect(orderPage.contains("熟客"))
            // R4.4: its stage clock: waiting for the customer contact, on time, due in two business hours.
            #expect(orderPage.contains("id=\"stage-clock\""))
            #expect(orderPage.contains("联系客户"))
            #expect(orderPage.contains("stage-onTime"))
            // A forged form changes nothing.
            let forged = try await client.execute(
                uri: "/console/dispatch/assignment", method: .post, headers: headers,
                body: Self.form([("csrf", "x"), ("order", order.number), ("action", "withdraw"), ("reason", "x")]))
            #expect(forged.status == .forbidden)
        }
    }

    @Test("B2 the technician's phone view: their day, then a job with checklist, check-in and a record")
    func technicianPages() async throws {
        try await APITest.run { client, database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder(daysAhead: 0, hour: 11)
            _ = try await world.dispatch().assign(
                order.number, AssignmentRequest(target: .technician(world.member("sh.tech1").id), reason: "熟客"),
                ifMatch: nil, by: DispatchFixtures.dispatcher)
            _ = try await AccessService(database: database, logger: TestDatabase.logger).setPassword(
                "sh.tech1", to: ConsoleTests.password, currentPassword: nil, by: Fixtures.administrator)
            let (cookie, csrf) = try await ConsoleTests.login(client, "sh.tech1")
            let home = try await client.execute(uri: "/console/orders", method: .get, headers: [.cookie: cookie])
            #expect(home.headers[.location] == "/console/jobs")
            let list = String(
                buffer: try await client.execute(
                    uri: "/console/jobs?day=2026-12-01", method: .get, headers: [.cookie: cookie]
                )
                .body)
            #expect(list.contains("data-order=\"\(order.number)\""))
            let page = String(
                buffer: try await client.execute(
                    uri: "/console/jobs/\(order.number)", method: .get, headers: [.cookie: cookie]
                )
                .body)
            #expect(page.contains("断电后作业"))
            #expect(page.contains("value=\"AC-CLEAN/gauge\""))
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let early = try await client.execute(
                uri: "/console/jobs/\(order.number)/check-in", method: .post, headers: headers,
                body: Self.form([("csrf", csrf)]))
            #expect(early.status == .conflict)
            _ = try await client.execute(
                uri: "/console/jobs/\(order.number)/checklist", method: .post, headers: headers,
                body: Self.form([("csrf", csrf), ("tick", "AC-CLEAN/gauge"), ("tick", "AC-CLEAN/covers")]))
            let checkedIn = try await client.execute(
                uri: "/console/jobs/\(order.number)/check-in", method: .post, headers: headers,
                body: Self.form([("csrf", csrf), ("latitude", "31.19"), ("longitude", "121.43"), ("accuracy", "8")]))
            #expect(checkedIn.headers[.location] == "/console/jobs/\(order.number)?done=check-in")
            let recorded = try await client.execute(
                uri: "/console/jobs/\(order.number)/record", method: .post, headers: headers,
                body: Self.form([
                    ("csrf", csrf), ("workDone", "清洗蒸发器"), ("material0", "清洗剂"), ("quantity0", "0.5"),
                    ("unit0", "瓶"), ("customerFeedback", "满意"),
                ]))
            #expect(recorded.headers[.location] == "/console/jobs/\(order.number)?done=record")
            let after = String(
                buffer: try await client.execute(
                    uri: "/console/jobs/\(order.number)", method: .get, headers: [.cookie: cookie]
                )
                .body)
            #expect(after.contains("清洗剂 0.5 瓶"))
            #expect(after.contains("id=\"checked-in\""))
            // Another technician's page for the same order is not found.
            _ = try await AccessService(database: database, logger: TestDatabase.logger).setPassword(
                "sh.tech2", to: ConsoleTests.password, currentPassword: nil, by: Fixtures.administrator)
            let (otherCookie, _) = try await ConsoleTests.login(client, "sh.tech2")
            let other = try await client.execute(
                uri: "/console/jobs/\(order.number)", method: .get, headers: [.cookie: otherCookie])
            #expect(other.status == .notFound)
        }
    }

    @Test("R3.2 a store manager sets dispatch weights from the console; a bad value is shown beside the form")
    func settingsPage() async throws {
        try await APITest.run { client, database in
            _ = try await DispatchFixtures.seed(database)
            let (cookie, csrf) = try await ConsoleTests.signIn(
                client, database, "sh.boss", [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))])
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            var fields = [
                ("csrf", csrf), ("store", "SH01"), ("travelBufferMinutes", "20"), ("workload", "2"),
                ("weeklyWorkload", "0.1"), ("experience", "3"), ("continuity", "4"), ("lateness", "1"),
                ("unassigned", "150"), ("checklistRequired", "on"),
            ]
            let saved = try await client.execute(
                uri: "/console/dispatch/settings", method: .post, headers: headers, body: Self.form(fields))
            #expect(saved.headers[.location] == "/console/dispatch/settings?store=SH01&done=saved")
            fields[3] = ("workload", "lots")
            let bad = try await client.execute(
                uri: "/console/dispatch/settings", method: .post, headers: headers, body: Self.form(fields))
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("value=\"lots\""))
            let dispatcher = try await ConsoleTests.signIn(
                client, database, "sh.dispatch2", [RoleGrant(role: .dispatcher, scope: .stores(["SH01"]))])
            let refused = try await client.execute(
                uri: "/console/dispatch/settings?store=SH01", method: .get, headers: [.cookie: dispatcher.cookie])
            #expect(refused.status == .forbidden)
        }
    }

    @Test("R3.5 an administrator edits an item's checklist as lines of text; a bad line is shown, nothing saved")
    func preparationEditor() async throws {
        try await APITest.run { client, database in
            _ = try await DispatchFixtures.seed(database)
            let (cookie, csrf) = try await ConsoleTests.signIn(
                client, database, "it.admin", [RoleGrant(role: .administrator, scope: .allStores)])
            let page = String(
                buffer: try await client.execute(
                    uri: "/console/catalog/AC-CLEAN/preparation", method: .get, headers: [.cookie: cookie]
                ).body)
            #expect(page.contains("gauge | tool | 冷媒压力表 | Refrigerant gauge"))
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let bad = try await client.execute(
                uri: "/console/catalog/AC-CLEAN/preparation", method: .post, headers: headers,
                body: Self.form([("csrf", csrf), ("checklist", "ladder | tool | 梯子\nnot a line"), ("standardZh", "x")]))
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("checklist[0]"))
            let saved = try await client.execute(
                uri: "/console/catalog/AC-CLEAN/preparation", method: .post, headers: headers,
                body: Self.form([
                    ("csrf", csrf),
                    ("checklist", "ladder | equipment | 人字梯 | Step ladder\npermit | document | 作业单 | Work sheet"),
                    ("standardZh", "试机"), ("standardEn", "Test run"), ("safetyZh", "断电"), ("safetyEn", "Power off"),
                ]))
            #expect(saved.headers[.location] == "/console/stores?done=item")
            let item = try await ReferenceDataService(database: database).catalog(by: Fixtures.agent).first {
                $0.code == "AC-CLEAN"
            }
            #expect(item?.preparation.checklist.map(\.code) == ["ladder", "permit"])
            #expect(item?.preparation.checklist.first?.kind == .equipment)
            let (otherCookie, _) = try await ConsoleTests.signIn(
                client, database, "sh.boss2", [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))])
            let refused = try await client.execute(
                uri: "/console/catalog/AC-CLEAN/preparation", method: .get, headers: [.cookie: otherCookie])
            #expect(refused.status == .forbidden)
        }
    }
}

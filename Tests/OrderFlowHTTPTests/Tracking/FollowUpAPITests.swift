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

@Suite("Aftercare: API and console (R4.2, R4.3, R4.6, R4.7, R4.8)")
struct FollowUpAPITests {
    static func order(_ client: any TestClientProtocol) async throws -> String {
        let created = try APITest.object(
            try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: APITest.auth,
                body: try APITest.bytes(APITest.orderBody())
            ).body)
        return try #require(created["number"] as? String)
    }

    @Test("R4.2 R4.3 follow-ups and feedback through the API: fields checked, roles enforced")
    func followUpsAndFeedback() async throws {
        try await APITest.run { client, database in
            let number = try await Self.order(client)
            // The default caller (store manager of SH01) has no staff account: it names an owner.
            _ = try await AccessService(database: database, logger: TestDatabase.logger).addStaff(
                .init(
                    username: "sh.cs", displayName: "客服小刘", password: nil,
                    grants: [RoleGrant(role: .customerService, scope: .stores(["SH01"]))]), by: Fixtures.administrator)
            let missing = try await client.execute(
                uri: "/api/v1/orders/\(number)/follow-ups", method: .post, headers: APITest.auth,
                body: try APITest.bytes(["owner": "sh.cs"]))
            #expect(Set(try APITest.problemCodes(missing.body)) == ["reason:aftercare.required"])
            let created = try await client.execute(
                uri: "/api/v1/orders/\(number)/follow-ups", method: .post, headers: APITest.auth,
                body: try APITest.bytes(["owner": "sh.cs", "reason": "确认客户方便的时间", "dueAt": "2026-12-02T03:00:00Z"]))
            #expect(created.status == .created)
            let id = try #require(try APITest.object(created.body)["id"] as? String)
            let contact = try await client.execute(
                uri: "/api/v1/follow-ups/\(id)/contacts", method: .post, headers: APITest.auth,
                body: try APITest.bytes(["channel": "phone", "result": "reached", "note": "已确认"]))
            let contacts = try APITest.object(contact.body)["contacts"] as? [[String: Any]]
            #expect(contacts?.first?["result"] as? String == "reached")
            let listed = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/orders/\(number)/follow-ups", method: .get, headers: APITest.auth
                )
                .body)
            #expect((listed["items"] as? [[String: Any]])?.count == 1)
            let technician = try await APITest.headers(
                for: [RoleGrant(role: .technician, scope: .stores(["SH01"]))], on: database)
            #expect(
                try await client.execute(uri: "/api/v1/follow-ups", method: .get, headers: technician).status
                    == .forbidden)
            let feedback = try await client.execute(
                uri: "/api/v1/orders/\(number)/feedback", method: .post, headers: APITest.auth,
                body: try APITest.bytes(["rating": 0, "channel": "phone"]))
            #expect(try APITest.problemCodes(feedback.body) == ["rating:feedback.rating"])
            let web = try await client.execute(
                uri: "/api/v1/orders/\(number)/feedback", method: .post, headers: APITest.auth,
                body: try APITest.bytes(["rating": 4, "channel": "web"]))
            // "web" is the customer's own link, not a channel staff record: not in the schema's enum.
            #expect(web.status == .unprocessableContent)
            #expect(try APITest.problemCodes(web.body).first?.hasPrefix("channel") == true)
            let recorded = try await client.execute(
                uri: "/api/v1/orders/\(number)/feedback", method: .post, headers: APITest.auth,
                body: try APITest.bytes(["rating": 4, "comment": "满意", "channel": "phone"]))
            #expect(recorded.status == .created)
        }
    }

    @Test("R4.7 R4.8 R4.6 problem cases with ETag and If-Match; the delay report as JSON and CSV")
    func problemsAndReport() async throws {
        try await APITest.run { client, database in
            let number = try await Self.order(client)
            let opened = try await client.execute(
                uri: "/api/v1/orders/\(number)/problem-cases", method: .post, headers: APITest.auth,
                body: try APITest.bytes(["kind": "complaint", "description": "客户投诉电话无人接听"]))
            #expect(opened.status == .created)
            #expect(opened.headers[.eTag] == "\"v1\"")
            let id = try #require(try APITest.object(opened.body)["id"] as? String)
            var headers = APITest.auth
            headers[.ifMatch] = "\"v1\""
            let change: [String: Any] = [
                "responsibility": "department", "responsibleParty": "客服中心", "cause": "来电高峰人手不足",
                "measures": "增派两名客服", "expectedResolutionAt": "2026-12-03T10:00:00Z", "tellCustomer": true,
            ]
            let updated = try await client.execute(
                uri: "/api/v1/problem-cases/\(id)", method: .put, headers: headers, body: try APITest.bytes(change))
            #expect(updated.status == .ok)
            #expect(updated.headers[.eTag] == "\"v2\"")
            let stale = try await client.execute(
                uri: "/api/v1/problem-cases/\(id)", method: .put, headers: headers, body: try APITest.bytes(change))
            #expect(stale.status == .preconditionFailed)
            var noParty = change
            noParty["responsibleParty"] = ""
            let invalid = try await client.execute(
                uri: "/api/v1/problem-cases/\(id)", method: .put, headers: APITest.auth,
                body: try APITest.bytes(noParty))
            #expect(try APITest.problemCodes(invalid.body) == ["responsibleParty:problem.partyRequired"])
            // A technician's mark needs a technician of the store: an unknown id or no id at all is refused.
            for (staffID, code) in [
                (UUID().uuidString, "responsibleStaffId:problem.unknownTechnician"),
                ("not-an-id", "responsibleStaffId:value.format"),
            ] {
                var stranger = change
                stranger["responsibility"] = "technician"
                stranger["responsibleStaffId"] = staffID
                let refused = try await client.execute(
                    uri: "/api/v1/problem-cases/\(id)", method: .put, headers: APITest.auth,
                    body: try APITest.bytes(stranger))
                #expect(refused.status == .unprocessableContent, "\(staffID)")
                #expect(try APITest.problemCodes(refused.body) == [code], "\(staffID)")
            }
            let resolved = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/problem-cases/\(id)/resolve", method: .post, headers: APITest.auth,
                    body: try APITest.bytes(["resolution": "已回电致歉"])
                ).body)
            #expect(resolved["status"] as? String == "resolved")
            let report = try await client.execute(
                uri: "/api/v1/reports/delays?from=2026-11-25&to=2026-12-01&groupBy=cause", method: .get,
                headers: APITest.auth)
            #expect(report.status == .ok)
            #expect(try APITest.object(report.body)["groupBy"] as? String == "cause")
            let csv = try await client.execute(
                uri: "/api/v1/reports/delays.csv?from=2026-11-25&to=2026-12-01", method: .get, headers: APITest.auth)
            #expect(String(buffer: csv.body).hasPrefix("stage,label,late_stages"))
            let bad = try await client.execute(
                uri: "/api/v1/reports/delays?from=yesterday&to=2026-12-01", method: .get, headers: APITest.auth)
            #expect(bad.status == .unprocessableContent)
            let dispatcher = try await APITest.headers(
                for: [RoleGrant(role: .dispatcher, scope: .stores(["SH01"]))], on: database)
            #expect(
                try await client.execute(
                    uri: "/api/v1/reports/delays?from=2026-11-25&to=2026-12-01", method: .get, headers: dispatcher
                ).status == .forbidden)
        }
    }

    @Test("R4.2 R4.6 R4.7 the console: order sections, problem page, follow-ups and the delay chart")
    func consolePages() async throws {
        try await APITest.run { client, database in
            let number = try await Self.order(client)
            let (cookie, csrf) = try await ConsoleTests.signIn(
                client, database, "sh.manager", [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))])
            let form: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let orderPage = String(
                buffer: try await client.execute(
                    uri: "/console/orders/\(number)", method: .get, headers: [.cookie: cookie]
                )
                .body)
            #expect(orderPage.contains("id=\"new-follow-up\""))
            #expect(orderPage.contains("id=\"open-problem\""))
            let added = try await client.execute(
                uri: "/console/orders/\(number)/tracking/follow-up", method: .post, headers: form,
                body: ByteBuffer(string: "csrf=\(csrf)&reason=%E5%9B%9E%E8%AE%BF&due=2026-12-02T10%3A00&owner="))
            #expect(added.headers[.location] == "/console/orders/\(number)?done=followUp")
            let mine = String(
                buffer: try await client.execute(uri: "/console/follow-ups", method: .get, headers: [.cookie: cookie])
                    .body)
            #expect(mine.contains("回访"))
            let opened = try await client.execute(
                uri: "/console/orders/\(number)/tracking/problem", method: .post, headers: form,
                body: ByteBuffer(string: "csrf=\(csrf)&kind=poorQuality&description=%E6%9C%89%E5%BC%82%E5%91%B3"))
            let location = try #require(opened.headers[.location])
            #expect(location.hasPrefix("/console/problems/"))
            let casePage = String(
                buffer: try await client.execute(uri: location, method: .get, headers: [.cookie: cookie]).body)
            #expect(casePage.contains("id=\"problem-form\""))
            let caseID = String(location.dropFirst("/console/problems/".count).prefix(36))
            let refused = try await client.execute(
                uri: "/console/problems/\(caseID)/update", method: .post, headers: form,
                body: ByteBuffer(
                    string: "csrf=\(csrf)&version=1&responsibility=technician&tell=1&cause=%E6%BC%8F%E6%B4%97"))
            #expect(refused.status == .unprocessableContent)
            let answer = String(buffer: refused.body)
            #expect(answer.contains("责任在服务人员时须指明是哪一位"))
            // What was typed is still in the form, not lost to the stored case.
            #expect(answer.contains(">漏洗</textarea>"))
            let chart = String(
                buffer: try await client.execute(
                    uri: "/console/reports/delays?from=2026-11-01&to=2026-12-01&groupBy=stage", method: .get,
                    headers: [.cookie: cookie]
                ).body)
            #expect(chart.contains("id=\"delay-query\""))
            #expect(chart.contains("id=\"no-delays\""))
            let csv = try await client.execute(
                uri: "/console/reports/delays.csv?from=2026-11-01&to=2026-12-01", method: .get,
                headers: [.cookie: cookie])
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
        }
    }

    @Test("console filters that do not read are said, not dropped; a report's right is checked before its filters")
    func consoleFilters() async throws {
        try await APITest.run { client, database in
            _ = try await Self.order(client)
            let (cookie, _) = try await ConsoleTests.signIn(
                client, database, "sh.manager", [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))])
            var headers: HTTPFields = [.cookie: cookie, .acceptLanguage: "en"]
            let page = String(
                buffer: try await client.execute(uri: "/console/orders?from=2026-13-45", method: .get, headers: headers)
                    .body)
            #expect(page.contains("The filter “from date” could not be read"))
            // Nothing listed under a filter that did not read (no silent "all orders").
            #expect(!page.contains("SH01-2026"))
            let (techCookie, _) = try await ConsoleTests.signIn(
                client, database, "sh.techx", [RoleGrant(role: .technician, scope: .stores(["SH01"]))])
            headers[.cookie] = techCookie
            for uri in ["/console/reports/delays?from=nonsense", "/console/reports/after-sales?from=nonsense"] {
                let refused = try await client.execute(uri: uri, method: .get, headers: headers)
                #expect(refused.status == .forbidden, "\(uri)")
            }
        }
    }

    @Test("R4.7 a technician's assessment marks show on their staff page, with case, order and date")
    func marksOnStaffPage() async throws {
        try await APITest.run { client, database in
            let order = try await Fixtures.intake(database).createOrder(Fixtures.draft(), by: Fixtures.agent).order
                .order
            _ = try await ConsoleTests.signIn(
                client, database, "sh.techm", [RoleGrant(role: .technician, scope: .stores(["SH01"]))])
            let (cookie, _) = try await ConsoleTests.signIn(
                client, database, "sh.boss", [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))])
            let technician = try await AccessService(database: database, logger: TestDatabase.logger).staffMember(
                "sh.techm", by: Fixtures.administrator)
            let tracking = TrackingService(
                database: database, environment: .at(Fixtures.tickingClock()), logger: TestDatabase.logger)
            let manager = Caller.staff(
                try await AccessService(database: database, logger: TestDatabase.logger).staffMember(
                    "sh.boss", by: Fixtures.administrator))
            let opened = try await tracking.openProblemCase(
                order.number, kind: .poorQuality, description: "滤网未装回", by: manager)
            var change = ProblemCaseChange(responsibility: .technician)
            change.responsibleStaffID = technician.id
            change.cause = "漏装滤网"
            _ = try await tracking.updateProblemCase(opened.id, change, ifMatch: nil, by: manager)
            let page = String(
                buffer: try await client.execute(
                    uri: "/console/staff/sh.techm", method: .get, headers: [.cookie: cookie, .acceptLanguage: "zh-CN"]
                ).body)
            #expect(page.contains("id=\"marks\""))
            #expect(page.contains(order.number) && page.contains("漏装滤网"))
            #expect(page.contains("data-case=\"\(opened.id.uuidString.lowercased())\""))
        }
    }
}

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

/// Dispatch and jobs through the real router: who may call what, 409 and
/// 422 answers with their reasons, and a technician's day over the API.
@Suite("Dispatch and jobs API")
struct DispatchAPITests {
    /// The dispatch world, an order (tomorrow 10:00, or today 11:00 so that
    /// check-in is open on the fixture clock), and a dispatcher's headers.
    static func world(_ database: any OrderFlowDatabase, today: Bool = false) async throws -> (
        DispatchFixtures.World, Order, HTTPFields
    ) {
        let world = try await DispatchFixtures.seed(database)
        let order = try await (today ? world.confirmedOrder(daysAhead: 0, hour: 11) : world.confirmedOrder())
        let dispatcher = try await APITest.headers(
            for: [RoleGrant(role: .dispatcher, scope: .stores(["SH01"]))], on: database)
        return (world, order, dispatcher)
    }

    /// A session for a fixture technician: their cookie and CSRF token as headers.
    static func technician(_ username: String, _ client: any TestClientProtocol, _ database: any OrderFlowDatabase)
        async throws -> HTTPFields
    {
        _ = try await AccessService(database: database, logger: TestDatabase.logger).setPassword(
            username, to: ConsoleTests.password, currentPassword: nil, by: Fixtures.administrator)
        let (cookie, csrf) = try await ConsoleTests.login(client, username)
        return [.cookie: cookie, HTTPField.Name("X-CSRF-Token")!: csrf, .contentType: "application/json"]
    }

    @Test("R3.1 assign over the API: 200 with the explanation, then 409 for a second assignment")
    func assignThenConflict() async throws {
        try await APITest.run { client, database in
            let (world, order, dispatcher) = try await Self.world(database)
            let uri = "/api/v1/orders/\(order.number)/assignment"
            let first = try await client.execute(
                uri: uri, method: .post, headers: dispatcher, body: try APITest.bytes(["mode": "automatic"]))
            #expect(first.status == .ok)
            #expect(first.headers[.eTag] == "\"v\(order.version + 1)\"")
            let body = try APITest.object(first.body)
            let assignment = body["assignment"] as? [String: Any]
            #expect(
                assignment?["technicianIds"] as? [String] == [world.member("sh.tech1").id.uuidString.lowercased()]
                    || assignment?["technicianIds"] as? [String] == [
                        world.member("sh.tech2").id.uuidString.lowercased()
                    ])
            #expect((assignment?["score"] as? [String: Any])?["total"] != nil)
            #expect((assignment?["runnersUp"] as? [Any])?.isEmpty == false)
            let second = try await client.execute(
                uri: uri, method: .post, headers: dispatcher, body: try APITest.bytes(["mode": "automatic"]))
            #expect(second.status == .conflict)
            #expect(try APITest.object(second.body)["code"] as? String == "dispatch.alreadyAssigned")
        }
    }

    @Test("R3.1 an unqualified or off-shift choice is a 422 naming the constraint, in the caller's language")
    func hardConstraintIn422() async throws {
        try await APITest.run { client, database in
            let (world, order, dispatcher) = try await Self.world(database)
            var headers = dispatcher
            headers[.acceptLanguage] = "zh-Hans"
            let response = try await client.execute(
                uri: "/api/v1/orders/\(order.number)/assignment", method: .post, headers: headers,
                body: try APITest.bytes([
                    "mode": "technician", "technicianId": world.member("sh.tech3").id.uuidString, "reason": "试试",
                ]))
            #expect(response.status == .unprocessableContent)
            #expect(try APITest.problemCodes(response.body) == ["technicianId:dispatch.missingSkill"])
            let errors = try APITest.object(response.body)["errors"] as? [[String: Any]]
            #expect(errors?.first?["message"] as? String == "缺少技能或有效证书：hvac")
            let missingReason = try await client.execute(
                uri: "/api/v1/orders/\(order.number)/assignment", method: .post, headers: dispatcher,
                body: try APITest.bytes(["mode": "technician", "technicianId": world.member("sh.tech1").id.uuidString]))
            #expect(try APITest.problemCodes(missingReason.body) == ["reason:dispatch.reasonRequired"])
            let badMode = try await client.execute(
                uri: "/api/v1/orders/\(order.number)/assignment", method: .post, headers: dispatcher,
                body: try APITest.bytes(["mode": "whoever"]))
            // A value outside the enumeration is a field error, like any other bad value.
            #expect(badMode.status == .unprocessableContent)
        }
    }

    @Test("the board shows lanes and the ranked queue; other stores and other roles are refused")
    func board() async throws {
        try await APITest.run { client, database in
            let (_, order, dispatcher) = try await Self.world(database)
            let board = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/stores/SH01/dispatch-board?day=2026-12-02", method: .get, headers: dispatcher
                ).body)
            let queue = board["queue"] as? [[String: Any]] ?? []
            #expect(queue.count == 1)
            #expect((queue.first?["order"] as? [String: Any])?["number"] as? String == order.number)
            #expect(queue.first?["reasons"] as? [String] == ["按预约时间先后"])
            // Automatic would choose tech1 or tech2 (both do hvac), at the window's start.
            let suggestion = queue.first?["suggestion"] as? [String: Any]
            #expect(suggestion?["start"] as? String != nil)
            #expect(suggestion?["staffId"] as? String != nil)
            #expect((board["lanes"] as? [Any])?.count == 3)
            #expect(board["stamp"] as? String != nil)
            let other = try await client.execute(
                uri: "/api/v1/stores/BJ01/dispatch-board?day=2026-12-02", method: .get, headers: dispatcher)
            #expect(other.status == .forbidden)
            let badDay = try await client.execute(
                uri: "/api/v1/stores/SH01/dispatch-board?day=2026-13-40", method: .get, headers: dispatcher)
            #expect(try APITest.problemCodes(badDay.body) == ["day:query.invalid"])
            let receptionist = try await APITest.headers(
                for: [RoleGrant(role: .receptionist, scope: .stores(["SH01"]))], on: database)
            let refused = try await client.execute(
                uri: "/api/v1/stores/SH01/dispatch-board?day=2026-12-02", method: .get, headers: receptionist)
            #expect(refused.status == .forbidden)
        }
    }

    @Test("R3.2 a store manager sets the weights; bad ones are 422; a dispatcher cannot")
    func settings() async throws {
        try await APITest.run { client, database in
            let (_, _, dispatcher) = try await Self.world(database)
            var settings: [String: Any] = [
                "travelBufferMinutes": 45, "checklistRequiredBeforeCheckIn": false,
                "weights": [
                    "workload": 2, "weeklyWorkload": 0.1, "experience": 3, "continuity": 5, "lateness": 1,
                    "unassigned": 200,
                ],
            ]
            let saved = try await client.execute(
                uri: "/api/v1/stores/SH01/dispatch-settings", method: .put, headers: APITest.auth,
                body: try APITest.bytes(settings))
            #expect(saved.status == .ok)
            #expect(try APITest.object(saved.body)["travelBufferMinutes"] as? Int == 45)
            settings["travelBufferMinutes"] = 999
            settings["weights"] = [
                "workload": -1, "weeklyWorkload": 0.1, "experience": 3, "continuity": 5, "lateness": 1,
                "unassigned": 200,
            ]
            let bad = try await client.execute(
                uri: "/api/v1/stores/SH01/dispatch-settings", method: .put, headers: APITest.auth,
                body: try APITest.bytes(settings))
            #expect(
                try APITest.problemCodes(bad.body) == [
                    "travelBufferMinutes:dispatchSettings.bufferOutOfRange",
                    "weights.workload:dispatchSettings.weightOutOfRange",
                ])
            let refused = try await client.execute(
                uri: "/api/v1/stores/SH01/dispatch-settings", method: .put, headers: dispatcher,
                body: try APITest.bytes(settings))
            #expect(refused.status == .forbidden)
            let read = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/stores/SH01/dispatch-settings", method: .get, headers: dispatcher
                )
                .body)
            #expect(read["travelBufferMinutes"] as? Int == 45)
            #expect(read["version"] as? Int == 1)
        }
    }

    @Test(
        "R1.3 a technician listing orders gets their own jobs' orders, shown as the policy shows each, and no one else's",
        arguments: TestEngine.available)
    func technicianListsOwnOrders(engine: TestEngine) async throws {
        try await APITest.run(engine) { client, database in
            let (world, order, dispatcher) = try await Self.world(database, today: true)
            let other = try await world.confirmedOrder(phone: "13900001111", hour: 14)
            _ = try await client.execute(
                uri: "/api/v1/orders/\(order.number)/assignment", method: .post, headers: dispatcher,
                body: try APITest.bytes([
                    "mode": "technician", "technicianId": world.member("sh.tech1").id.uuidString, "reason": "熟客",
                ]))
            let me = try await Self.technician("sh.tech1", client, database)
            let listed = try APITest.object(
                try await client.execute(uri: "/api/v1/orders", method: .get, headers: me).body)
            let items = listed["items"] as? [[String: Any]] ?? []
            #expect(items.compactMap { $0["number"] as? String } == [order.number])
            // Shown as the order itself is shown to them (masked or not by the policy).
            let single = try APITest.object(
                try await client.execute(uri: "/api/v1/orders/\(order.number)", method: .get, headers: me).body)
            #expect(items.first?["personalData"] as? String == single["personalData"] as? String)
            #expect(
                (items.first?["customer"] as? [String: Any])?["phone"] as? String
                    == (single["customer"] as? [String: Any])?["phone"] as? String)
            #expect(!items.contains { $0["number"] as? String == other.number })
            let colleague = try await Self.technician("sh.tech2", client, database)
            let none = try APITest.object(
                try await client.execute(uri: "/api/v1/orders", method: .get, headers: colleague).body)
            #expect((none["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("R3.4–R3.8 a technician's day over the API: jobs, checklist, check-in, record, correction, check-out")
    func technicianDay() async throws {
        try await APITest.run { client, database in
            let (world, order, dispatcher) = try await Self.world(database, today: true)
            _ = try await client.execute(
                uri: "/api/v1/orders/\(order.number)/assignment", method: .post, headers: dispatcher,
                body: try APITest.bytes([
                    "mode": "technician", "technicianId": world.member("sh.tech1").id.uuidString, "reason": "熟客",
                ]))
            let me = try await Self.technician("sh.tech1", client, database)
            let jobs = try APITest.object(
                try await client.execute(uri: "/api/v1/me/jobs?day=2026-12-01", method: .get, headers: me).body)
            let job = (jobs["items"] as? [[String: Any]])?.first
            #expect((job?["order"] as? [String: Any])?["number"] as? String == order.number)
            let items = job?["items"] as? [[String: Any]]
            #expect(items?.first?["safetyNotes"] as? String == "断电后作业")
            let base = "/api/v1/orders/\(order.number)/job"
            let early = try await client.execute(uri: "\(base)/check-in", method: .post, headers: me)
            #expect(early.status == .conflict)
            #expect(try APITest.object(early.body)["code"] as? String == "job.checklistIncomplete")
            for entry in ["gauge", "covers"] {
                let ticked = try await client.execute(
                    uri: "\(base)/checklist/AC-CLEAN/\(entry)", method: .put, headers: me,
                    body: try APITest.bytes(["done": true]))
                #expect(ticked.status == .ok)
            }
            let checkedIn = try await client.execute(
                uri: "\(base)/check-in", method: .post, headers: me,
                body: try APITest.bytes(["latitude": 31.19, "longitude": 121.43, "accuracy": 10]))
            #expect(checkedIn.status == .ok)
            #expect(
                (try APITest.object(checkedIn.body)["order"] as? [String: Any])?["status"] as? String == "inService")
            let badRecord = try await client.execute(
                uri: "\(base)/service-records", method: .post, headers: me,
                body: try APITest.bytes([
                    "workDone": "清洗", "materials": [["name": "清洗剂", "quantity": "abc", "unit": "瓶"]],
                ]))
            #expect(try APITest.problemCodes(badRecord.body) == ["materials[0].quantity:record.quantityOutOfRange"])
            let recorded = try APITest.object(
                try await client.execute(
                    uri: "\(base)/service-records", method: .post, headers: me,
                    body: try APITest.bytes([
                        "workDone": "清洗蒸发器", "materials": [["name": "清洗剂", "quantity": "0.5", "unit": "瓶"]],
                        "customerFeedback": "满意",
                    ])
                ).body)
            let first = (recorded["records"] as? [[String: Any]])?.last { $0["kind"] as? String == "serviceRecord" }
            let sequence = first?["sequence"] as? Int ?? 0
            let corrected = try APITest.object(
                try await client.execute(
                    uri: "\(base)/service-records", method: .post, headers: me,
                    body: try APITest.bytes([
                        "workDone": "清洗蒸发器", "materials": [["name": "清洗剂", "quantity": "1.5", "unit": "瓶"]],
                        "corrects": sequence, "correctionReason": "用量记错",
                    ])
                ).body)
            let records = (corrected["records"] as? [[String: Any]] ?? []).filter {
                $0["kind"] as? String == "serviceRecord"
            }
            #expect(records.count == 2)
            #expect(records.first?["correctedBy"] as? Int == records.last?["sequence"] as? Int)
            let quantity = ((records.last?["serviceRecord"] as? [String: Any])?["materials"] as? [[String: Any]])?
                .first?["quantity"]
            #expect(quantity as? String == "1.5")
            let out = try await client.execute(uri: "\(base)/check-out", method: .post, headers: me)
            #expect(out.status == .ok)
            // Another technician cannot see or touch the job.
            let other = try await Self.technician("sh.tech2", client, database)
            #expect(try await client.execute(uri: base, method: .get, headers: other).status == .notFound)
            #expect(
                try await client.execute(uri: "\(base)/check-out", method: .post, headers: other).status == .notFound)
            // A technician cannot assign.
            let assign = try await client.execute(
                uri: "/api/v1/orders/\(order.number)/assignment", method: .post, headers: other,
                body: try APITest.bytes(["mode": "automatic"]))
            #expect(assign.status == .forbidden)
        }
    }

    @Test("hostile and malformed input on dispatch and job operations: kept as text or refused by field, never a 500")
    func hostileInput() async throws {
        try await APITest.run { client, database in
            let (world, order, dispatcher) = try await Self.world(database, today: true)
            let sql = HostileInputTests.sql
            let team = try await client.execute(
                uri: "/api/v1/orders/\(order.number)/assignment", method: .post, headers: dispatcher,
                body: try APITest.bytes(["mode": "team", "team": sql, "reason": sql]))
            #expect(try APITest.problemCodes(team.body) == ["team:dispatch.unknownTechnician"])
            let assigned = try await client.execute(
                uri: "/api/v1/orders/\(order.number)/assignment", method: .post, headers: dispatcher,
                body: try APITest.bytes([
                    "mode": "technician", "technicianId": world.member("sh.tech1").id.uuidString, "reason": sql,
                ]))
            #expect(
                (try APITest.object(assigned.body)["assignment"] as? [String: Any])?["reason"] as? String == sql)
            for uri in [
                "/api/v1/stores/SH01/dispatch-board?day=\(HostileInputTests.encoded(sql))",
                "/api/v1/stores/\(HostileInputTests.encoded(sql))/dispatch-board?day=2026-12-02",
                "/api/v1/orders/\(HostileInputTests.encoded(sql))/job",
                "/api/v1/orders/\(HostileInputTests.encoded(sql))/assignment-suggestion",
            ] {
                let status = try await client.execute(uri: uri, method: .get, headers: dispatcher).status
                #expect([.forbidden, .notFound, .unprocessableContent].contains(status), "\(uri) → \(status)")
            }
            _ = try await client.execute(
                uri: "/api/v1/stores/SH01/dispatch-settings", method: .put, headers: APITest.auth,
                body: try APITest.bytes([
                    "travelBufferMinutes": 30, "checklistRequiredBeforeCheckIn": false,
                    "weights": [
                        "workload": 1, "weeklyWorkload": 0.05, "experience": 2, "continuity": 3, "lateness": 0.5,
                        "unassigned": 100,
                    ],
                ]))
            let me = try await Self.technician("sh.tech1", client, database)
            let base = "/api/v1/orders/\(order.number)/job"
            let tick = try await client.execute(
                uri: "\(base)/checklist/\(HostileInputTests.encoded(sql))/x", method: .put, headers: me,
                body: try APITest.bytes(["done": true]))
            #expect(try APITest.problemCodes(tick.body) == ["entry:checklist.unknownEntry"])
            let notJSON = try await client.execute(
                uri: "\(base)/contacts", method: .post, headers: me, body: ByteBuffer(string: "{not json"))
            #expect(notJSON.status == .badRequest)
            _ = try await client.execute(uri: "\(base)/check-in", method: .post, headers: me)
            let record = try APITest.object(
                try await client.execute(
                    uri: "\(base)/service-records", method: .post, headers: me,
                    body: try APITest.bytes([
                        "workDone": "<script>alert(1)</script>" + sql,
                        "materials": [["name": sql.prefix(100).description, "quantity": "2", "unit": "件"]],
                    ])
                ).body)
            let stored = (record["records"] as? [[String: Any]])?.last?["serviceRecord"] as? [String: Any]
            #expect(stored?["workDone"] as? String == "<script>alert(1)</script>" + sql)
            for quantity in ["-1", "1e3", "0.0001", "99999999999", ""] {
                let bad = try await client.execute(
                    uri: "\(base)/service-records", method: .post, headers: me,
                    body: try APITest.bytes([
                        "workDone": "x", "materials": [["name": "螺丝", "quantity": quantity, "unit": "个"]],
                    ]))
                #expect(
                    try APITest.problemCodes(bad.body) == ["materials[0].quantity:record.quantityOutOfRange"],
                    "\(quantity)")
            }
            // The job page shows markup as text.
            let (cookie, _) = try await ConsoleTests.login(client, "sh.tech1")
            let page = String(
                buffer: try await client.execute(
                    uri: "/console/jobs/\(order.number)", method: .get, headers: [.cookie: cookie]
                ).body)
            #expect(!page.contains("<script>alert(1)</script>"))
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
    }
}

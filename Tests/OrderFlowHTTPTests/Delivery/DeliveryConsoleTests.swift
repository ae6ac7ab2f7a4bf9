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

/// The delivery pages through the real router: the technician's report
/// and the customer's signature on the job page, the order page and the
/// printable report, the customer's link, the store's lapse setting and the
/// catalog's criteria and warranty.
@Suite("Delivery console and tracking pages (R5.1–R5.5)")
struct DeliveryConsoleTests {
    struct Job {
        var world: DispatchFixtures.World
        var order: Order
        var dispatcher: HTTPFields
        var cookie: String
        var csrf: String

        var page: String { "/console/jobs/\(order.number)" }
        var formHeaders: HTTPFields { [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"] }
    }

    /// An order of today with acceptance criteria on its item, assigned to
    /// sh.tech1, who ticked the checklist and checked in from the job page.
    static func jobInService(_ client: any TestClientProtocol, _ database: any OrderFlowDatabase) async throws -> Job {
        let (world, order, dispatcher) = try await DispatchAPITests.world(database, today: true)
        let criteria = try await client.execute(
            uri: "/api/v1/catalog/AC-CLEAN/acceptance", method: .put, headers: APITest.auth,
            body: try APITest.bytes(DeliveryAPITests.standard))
        #expect(criteria.status == .ok)
        _ = try await client.execute(
            uri: "/api/v1/orders/\(order.number)/assignment", method: .post, headers: dispatcher,
            body: try APITest.bytes([
                "mode": "technician", "technicianId": world.member("sh.tech1").id.uuidString, "reason": "熟客",
            ]))
        _ = try await AccessService(database: database, logger: TestDatabase.logger).setPassword(
            "sh.tech1", to: ConsoleTests.password, currentPassword: nil, by: Fixtures.administrator)
        let (cookie, csrf) = try await ConsoleTests.login(client, "sh.tech1")
        let job = Job(world: world, order: order, dispatcher: dispatcher, cookie: cookie, csrf: csrf)
        _ = try await client.execute(
            uri: "\(job.page)/checklist", method: .post, headers: job.formHeaders,
            body: form([("csrf", csrf), ("tick", "AC-CLEAN/gauge"), ("tick", "AC-CLEAN/covers")]))
        let checkedIn = try await client.execute(
            uri: "\(job.page)/check-in", method: .post, headers: job.formHeaders, body: form([("csrf", csrf)]))
        #expect(checkedIn.headers[.location] == "\(job.page)?done=check-in")
        return job
    }

    static func form(_ fields: [(String, String)]) -> ByteBuffer { DispatchConsoleTests.form(fields) }

    static func page(_ client: any TestClientProtocol, _ uri: String, cookie: String) async throws -> String {
        String(buffer: try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]).body)
    }

    static var signature: String { "data:image/png;base64," + DeliveryAPITests.png.base64EncodedString() }

    /// Submits a passing report over the API as the technician, as their phone's app would.
    static func submitReport(
        _ client: any TestClientProtocol, _ database: any OrderFlowDatabase, order: Order, as username: String,
        work: String
    ) async throws {
        let me = try await DispatchAPITests.technician(username, client, database)
        let report: [String: Any] = [
            "workDone": work, "results": "出风 3.5 m/s",
            "selfChecks": [["itemCode": "AC-CLEAN", "results": [["code": "airflow", "passed": true]]]],
        ]
        let submitted = try await client.execute(
            uri: "/api/v1/orders/\(order.number)/job/delivery-report", method: .post, headers: me,
            body: try APITest.bytes(report))
        #expect(submitted.status == .created)
    }

    /// Moves the current report's deadline, or marks its period lapsed, as time passing would.
    static func changeCurrentReport(
        _ database: any OrderFlowDatabase, order: Order, _ change: @escaping @Sendable (inout DeliveryReport) -> Void
    ) async throws {
        try await database.write { db in
            guard let (report, version) = try await DeliveryReportRecords.forOrder(order.id, on: db).last else {
                return
            }
            var changed = report
            change(&changed)
            try await DeliveryReportRecords.update(changed, expectedVersion: version, on: db)
        }
    }

    @Test(
        "R5.1 R5.2 R5.3 job page: a failed unjustified indicator keeps what was typed; report; signature; delivered"
    )
    func reportAndSignatureOnTheJobPage() async throws {
        try await APITest.run { client, database in
            let job = try await Self.jobInService(client, database)
            let page = try await Self.page(client, job.page, cookie: job.cookie)
            #expect(page.contains("id=\"delivery-report\""))
            #expect(page.contains("出风量正常") && page.contains("≥ 3 m/s") && page.contains("试机 15 分钟"))
            #expect(page.contains("accept=\"image/jpeg,image/png,image/webp,application/pdf\""))

            // Uploads: the CSRF header is required, the bytes decide the type.
            let upload =
                "/console/orders/\(job.order.number)/attachments?kind=photo&fileName=%E5%AE%89%E8%A3%85%E5%89%8D.jpg"
            let csrfHeader = HTTPField.Name("X-CSRF-Token")!
            let forged = try await client.execute(
                uri: upload, method: .post, headers: [.cookie: job.cookie, .contentType: "image/jpeg"],
                body: ByteBuffer(bytes: DeliveryAPITests.jpeg))
            #expect(forged.status == .forbidden)
            let text = try await client.execute(
                uri: "/console/orders/\(job.order.number)/attachments?kind=photo&fileName=note.txt", method: .post,
                headers: [.cookie: job.cookie, csrfHeader: job.csrf, .contentType: "text/plain"],
                body: ByteBuffer(string: "not an image"))
            #expect(text.status == .unprocessableContent)
            let refusal = try APITest.object(text.body)["errors"] as? [[String: Any]]
            #expect(refusal?.first?["message"] as? String == "照片须为 JPG / PNG / WEBP 格式")
            let photo = try await client.execute(
                uri: upload, method: .post,
                headers: [.cookie: job.cookie, csrfHeader: job.csrf, .contentType: "image/jpeg"],
                body: ByteBuffer(bytes: DeliveryAPITests.jpeg))
            #expect(photo.status == .created)
            let photoID = try #require(try APITest.object(photo.body)["id"] as? String)

            // A failed indicator without a justification: the page again, everything kept.
            var fields = [
                ("csrf", job.csrf), ("check/AC-CLEAN/airflow", "failed"), ("why/AC-CLEAN/airflow", ""),
                ("workDone", "拆洗过滤网"), ("results", ""), ("material0", "清洗剂"), ("quantity0", "0.5"),
                ("unit0", "瓶"), ("customerFeedback", "很满意"), ("method", "inStore"), ("attachment", photoID),
            ]
            let refused = try await client.execute(
                uri: "\(job.page)/delivery/report", method: .post, headers: job.formHeaders, body: Self.form(fields))
            #expect(refused.status == .unprocessableContent)
            let again = String(buffer: refused.body)
            #expect(again.contains("未达标，须整改或说明原因：出风量正常"))
            #expect(again.contains("此项必填"))
            #expect(again.contains("value=\"failed\" checked"))
            #expect(again.contains(">拆洗过滤网</textarea>"))
            #expect(again.contains("value=\"清洗剂\"") && again.contains("value=\"很满意\""))
            #expect(again.contains("value=\"inStore\" selected"))
            #expect(again.contains("name=\"attachment\" value=\"\(photoID)\"") && again.contains("安装前.jpg"))

            fields[1] = ("check/AC-CLEAN/airflow", "passed")
            fields[4] = ("results", "出风 3.5 m/s")
            let submitted = try await client.execute(
                uri: "\(job.page)/delivery/report", method: .post, headers: job.formHeaders, body: Self.form(fields))
            #expect(submitted.headers[.location] == "\(job.page)?done=report")
            let awaiting = try await Self.page(client, "\(job.page)?done=report", cookie: job.cookie)
            #expect(awaiting.contains("交付报告已提交"))
            #expect(awaiting.contains("id=\"customer-acceptance\"") && awaiting.contains("data-signature-pad"))
            #expect(awaiting.contains("出风 3.5 m/s"))
            #expect(awaiting.contains("/console/attachments/\(photoID)"))
            #expect(!awaiting.contains("id=\"delivery-report\""))

            // No signature: refused beside the pad, the name kept.
            let acceptance = "\(job.page)/delivery/acceptance"
            let unsigned = try await client.execute(
                uri: acceptance, method: .post, headers: job.formHeaders,
                body: Self.form([("csrf", job.csrf), ("signerName", "王先生"), ("decision", "accepted")]))
            #expect(unsigned.status == .unprocessableContent)
            let unsignedPage = String(buffer: unsigned.body)
            #expect(unsignedPage.contains("请客户在屏幕上签名"))
            #expect(unsignedPage.contains("value=\"王先生\""))
            let signed = try await client.execute(
                uri: acceptance, method: .post, headers: job.formHeaders,
                body: Self.form([
                    ("csrf", job.csrf), ("signerName", "王先生"), ("decision", "accepted"),
                    ("signature", Self.signature), ("strokes", "[[[0.1,0.2],[0.3,0.4]]]"),
                ]))
            #expect(signed.headers[.location] == "\(job.page)?done=accepted")
            // A second answer is refused as a message, not an error page.
            let twice = try await client.execute(
                uri: acceptance, method: .post, headers: job.formHeaders,
                body: Self.form([
                    ("csrf", job.csrf), ("signerName", "王先生"), ("decision", "accepted"),
                    ("signature", Self.signature),
                ]))
            #expect(twice.status == .conflict)
            #expect(String(buffer: twice.body).contains("该交付报告已有验收结果"))

            // The order page: delivered, when and how, the signature, the printable report.
            let delivery = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/orders/\(job.order.number)/delivery", method: .get, headers: job.dispatcher
                ).body)
            #expect(delivery["status"] as? String == "delivered")
            let report = (delivery["reports"] as? [[String: Any]])?.first
            let signatureID = try #require((report?["acceptance"] as? [String: Any])?["signatureId"] as? String)
                .uppercased()
            let (manager, _) = try await ConsoleTests.signIn(
                client, database, "sh.manager", [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))])
            let orderPage = try await Self.page(client, "/console/orders/\(job.order.number)", cookie: manager)
            #expect(orderPage.contains("id=\"delivery\""))
            #expect(orderPage.contains("id=\"delivered-at\"") && orderPage.contains("到店交付"))
            #expect(orderPage.contains("src=\"/console/attachments/\(signatureID)\""))
            #expect(orderPage.contains("王先生") && orderPage.contains("服务人员设备上签字"))
            #expect(orderPage.contains("张师傅"))
            #expect(orderPage.contains("href=\"/console/orders/\(job.order.number)/delivery-report\""))
            let file = try await client.execute(
                uri: "/console/attachments/\(signatureID)", method: .get, headers: [.cookie: manager])
            #expect(file.status == .ok && file.headers[.contentType] == "image/png")
            #expect(file.headers[.contentDisposition]?.hasPrefix("inline") == true)
            #expect(Data(file.body.readableBytesView) == DeliveryAPITests.png)
            let photoFile = try await client.execute(
                uri: "/console/attachments/\(photoID)", method: .get, headers: [.cookie: manager])
            #expect(photoFile.headers[.contentType] == "image/jpeg")
            #expect(
                photoFile.headers[.contentDisposition] == "inline; filename*=UTF-8''%E5%AE%89%E8%A3%85%E5%89%8D.jpg")

            // The printable report, masked as the order page masks it for a dispatcher.
            let (dispatcher, _) = try await ConsoleTests.signIn(
                client, database, "sh.dispatcher", [RoleGrant(role: .dispatcher, scope: .stores(["SH01"]))])
            let printable = try await Self.page(
                client, "/console/orders/\(job.order.number)/delivery-report", cookie: dispatcher)
            #expect(printable.contains("id=\"delivery-document\"") && printable.contains("data-print"))
            #expect(printable.contains("src=\"/console/attachments/\(signatureID)\""))
            #expect(printable.contains("出风量正常") && printable.contains("清洗剂 0.5 瓶"))
            #expect(printable.contains("id=\"report-delivered\""))
            #expect(printable.contains(PersonalData.maskedPhone("13812345678")))
            #expect(!printable.contains("13812345678"))
            let css = String(
                buffer: try await client.execute(uri: "/static/console.css", method: .get).body)
            #expect(css.contains("@media print"))
        }
    }

    @Test("R5.3 R5.4 R5.5 the customer's link: reasons required, reject with a photo, rework, late answer, by phone")
    func trackingLink() async throws {
        try await APITest.run { client, database in
            let job = try await Self.jobInService(client, database)
            let order = job.order
            try await Self.submitReport(client, database, order: order, as: "sh.tech1", work: "拆洗过滤网")
            let token = "link-\(UUID().uuidString)"
            try await database.write {
                try await TrackingLinkRecords.insert(secret: token, orderID: order.id, at: Fixtures.now, on: $0)
            }
            let track = try await client.execute(uri: "/track/\(token)", method: .get)
            let trackPage = String(buffer: track.body)
            #expect(trackPage.contains("id=\"track-accept\"") && trackPage.contains("拆洗过滤网"))
            #expect(trackPage.contains("id=\"acceptance-due\""))
            let cookie = try #require(track.headers[.setCookie]?.components(separatedBy: ";").first)
            let csrf = String(cookie.dropFirst("orderflow_track_csrf=".count))
            #expect(trackPage.contains("name=\"csrf\" value=\"\(csrf)\""))
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]

            let csrfHeader = HTTPField.Name("X-CSRF-Token")!
            let text = try await client.execute(
                uri: "/track/\(token)/photos?fileName=a.txt", method: .post,
                headers: [.cookie: cookie, csrfHeader: csrf, .contentType: "text/plain"],
                body: ByteBuffer(string: "hello"))
            #expect(text.status == .unprocessableContent)
            let photo = try await client.execute(
                uri: "/track/\(token)/photos?fileName=leak.jpg", method: .post,
                headers: [.cookie: cookie, csrfHeader: csrf, .contentType: "image/jpeg"],
                body: ByteBuffer(bytes: DeliveryAPITests.jpeg))
            #expect(photo.status == .created)
            let photoID = try #require(try APITest.object(photo.body)["id"] as? String)

            let forged = try await client.execute(
                uri: "/track/\(token)/acceptance", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: Self.form([("csrf", csrf), ("decision", "accepted")]))
            #expect(forged.status == .forbidden)
            let noReasons = try await client.execute(
                uri: "/track/\(token)/acceptance", method: .post, headers: headers,
                body: Self.form([("csrf", csrf), ("decision", "rejected"), ("reasons", " "), ("photo", photoID)]))
            #expect(noReasons.status == .unprocessableContent)
            let noReasonsPage = String(buffer: noReasons.body)
            #expect(noReasonsPage.contains("请说明不通过的原因"))
            #expect(noReasonsPage.contains("name=\"photo\" value=\"\(photoID)\"") && noReasonsPage.contains("leak.jpg"))
            let rejected = try await client.execute(
                uri: "/track/\(token)/acceptance", method: .post, headers: headers,
                body: Self.form([("csrf", csrf), ("decision", "rejected"), ("reasons", "没擦干净"), ("photo", photoID)]))
            #expect(rejected.headers[.location] == "/track/\(token)?acceptance=rejected#delivery")
            let rework = try await Self.page(client, "/track/\(token)?acceptance=rejected", cookie: cookie)
            #expect(rework.contains("id=\"in-rework\"") && rework.contains("已收到您的意见"))
            #expect(!rework.contains("id=\"track-accept\""))

            // The store gives the rework to another technician; they report again.
            let (manager, managerCSRF) = try await ConsoleTests.signIn(
                client, database, "sh.manager", [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))])
            let managerForm: HTTPFields = [.cookie: manager, .contentType: "application/x-www-form-urlencoded"]
            let orderURI = "/console/orders/\(order.number)"
            let orderPage = try await Self.page(client, orderURI, cookie: manager)
            #expect(orderPage.contains("id=\"assign-rework\"") && orderPage.contains("没擦干净"))
            #expect(orderPage.contains("src=\"/console/attachments/\(photoID.uppercased())\""))
            let none = try await client.execute(
                uri: "\(orderURI)/delivery/rework", method: .post, headers: managerForm,
                body: Self.form([("csrf", managerCSRF)]))
            #expect(none.status == .unprocessableContent)
            #expect(String(buffer: none.body).contains("请选择本门店的服务人员"))
            let tech2 = job.world.member("sh.tech2").id.uuidString
            let assigned = try await client.execute(
                uri: "\(orderURI)/delivery/rework", method: .post, headers: managerForm,
                body: Self.form([("csrf", managerCSRF), ("technician", tech2)]))
            #expect(assigned.headers[.location] == "\(orderURI)?done=rework")
            try await Self.submitReport(client, database, order: order, as: "sh.tech2", work: "重新清洗")

            // A late answer through the link is refused; the page says to call the store.
            try await Self.changeCurrentReport(database, order: order) {
                $0.acceptanceDueAt = Date(timeIntervalSince1970: 1_700_000_000)
            }
            let late = try await Self.page(client, "/track/\(token)", cookie: cookie)
            #expect(late.contains("id=\"period-ended\"") && !late.contains("id=\"track-accept\""))
            let lateAnswer = try await client.execute(
                uri: "/track/\(token)/acceptance", method: .post, headers: headers,
                body: Self.form([("csrf", csrf), ("decision", "accepted")]))
            #expect(lateAnswer.status == .conflict)
            #expect(String(buffer: lateAnswer.body).contains("验收期限已于"))

            // Escalated: the manager writes down the customer's answer given by phone.
            try await Self.changeCurrentReport(database, order: order) {
                $0.lapsedAt = Fixtures.now
                $0.lapseAction = .escalate
            }
            let escalated = try await Self.page(client, orderURI, cookie: manager)
            #expect(escalated.contains("id=\"answer-by-phone\""))
            let byPhone = try await client.execute(
                uri: "\(orderURI)/delivery/on-behalf", method: .post, headers: managerForm,
                body: Self.form([("csrf", managerCSRF), ("signerName", "王先生（电话）"), ("decision", "accepted")]))
            #expect(byPhone.headers[.location] == "\(orderURI)?done=answered")
            let delivered = try await Self.page(client, orderURI, cookie: manager)
            #expect(delivered.contains("id=\"delivered-at\"") && delivered.contains("员工代为记录"))
            #expect(delivered.contains("<dd id=\"rework-count\">1</dd>"))
            let customer = try await Self.page(client, "/track/\(token)", cookie: cookie)
            #expect(customer.contains("id=\"delivered\"") && customer.contains("重新清洗"))
            #expect(!customer.contains("id=\"track-accept\""))
        }
    }

    @Test("R5.3 the customer accepts by link within the period: delivered, remotely shown, files by token only")
    func acceptByLink() async throws {
        try await APITest.run { client, database in
            let job = try await Self.jobInService(client, database)
            try await Self.submitReport(client, database, order: job.order, as: "sh.tech1", work: "拆洗过滤网")
            let token = "link-\(UUID().uuidString)"
            try await database.write {
                try await TrackingLinkRecords.insert(secret: token, orderID: job.order.id, at: Fixtures.now, on: $0)
            }
            let track = try await client.execute(uri: "/track/\(token)", method: .get)
            let cookie = try #require(track.headers[.setCookie]?.components(separatedBy: ";").first)
            let csrf = String(cookie.dropFirst("orderflow_track_csrf=".count))
            let accepted = try await client.execute(
                uri: "/track/\(token)/acceptance", method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: Self.form([("csrf", csrf), ("decision", "accepted"), ("signerName", "王先生")]))
            #expect(accepted.headers[.location] == "/track/\(token)?acceptance=accepted#delivery")
            let page = try await Self.page(client, "/track/\(token)?acceptance=accepted", cookie: cookie)
            #expect(page.contains("感谢您的确认") && page.contains("id=\"delivered\""))
            #expect(page.contains("客户通过链接确认"))
            let unknown = try await client.execute(
                uri: "/track/\(token)/attachments/\(UUID().uuidString)", method: .get)
            #expect(unknown.status == .notFound)
            let wrongLink = try await client.execute(uri: "/track/not-a-link/acceptance", method: .post)
            #expect(wrongLink.status == .forbidden || wrongLink.status == .notFound)
        }
    }

    @Test("R5.3 R5.1 R6.1 the store's lapse setting, and an item's criteria and warranty with 422 keeping input")
    func settingsAndCatalog() async throws {
        try await APITest.run { client, database in
            let (manager, csrf) = try await ConsoleTests.signIn(
                client, database, "sh.manager", [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))])
            let storePage = try await Self.page(client, "/console/stores/SH01", cookie: manager)
            #expect(storePage.contains("id=\"lapse-setting\""))
            #expect(storePage.contains("value=\"escalate\" checked"))
            let form: HTTPFields = [.cookie: manager, .contentType: "application/x-www-form-urlencoded"]
            let saved = try await client.execute(
                uri: "/console/stores/SH01/delivery-settings", method: .post, headers: form,
                body: Self.form([("csrf", csrf), ("lapseAction", "accept")]))
            #expect(saved.headers[.location] == "/console/stores/SH01?done=lapse")
            let after = try await Self.page(client, "/console/stores/SH01?done=lapse", cookie: manager)
            #expect(after.contains("验收期满处理方式已保存") && after.contains("value=\"accept\" checked"))
            let setting = try await client.execute(
                uri: "/api/v1/stores/SH01/delivery-settings", method: .get, headers: APITest.auth)
            #expect(try APITest.object(setting.body)["lapseAction"] as? String == "accept")
            let forged = try await client.execute(
                uri: "/console/stores/SH01/delivery-settings", method: .post, headers: form,
                body: Self.form([("csrf", "x"), ("lapseAction", "escalate")]))
            #expect(forged.status == .forbidden)

            let (admin, adminCSRF) = try await ConsoleTests.signIn(
                client, database, "hq.admin", [RoleGrant(role: .administrator, scope: .allStores)])
            let adminForm: HTTPFields = [.cookie: admin, .contentType: "application/x-www-form-urlencoded"]
            let item = "/console/catalog/AC-CLEAN"
            let prep = try await Self.page(client, "\(item)/preparation", cookie: admin)
            #expect(prep.contains("id=\"acceptance-criteria\"") && prep.contains("id=\"warranty-policy\""))
            let bad = try await client.execute(
                uri: "\(item)/acceptance", method: .post, headers: adminForm,
                body: Self.form([
                    ("csrf", adminCSRF), ("indicators", "airflow | 出风量"), ("methodZh", "试机"), ("methodEn", "Run"),
                    ("periodHours", "abc"),
                ]))
            #expect(bad.status == .unprocessableContent)
            let badPage = String(buffer: bad.body)
            #expect(badPage.contains("每行格式") && badPage.contains("请填写整数"))
            #expect(badPage.contains(">airflow | 出风量</textarea>") && badPage.contains("value=\"abc\""))
            let line = "airflow | 出风量正常 | Airflow normal | 风速 ≥ 3 m/s | ≥ 3 m/s"
            let good = try await client.execute(
                uri: "\(item)/acceptance", method: .post, headers: adminForm,
                body: Self.form([
                    ("csrf", adminCSRF), ("indicators", line), ("methodZh", "试机 15 分钟"), ("methodEn", "Run 15 minutes"),
                    ("periodHours", "48"),
                ]))
            #expect(good.headers[.location] == "/console/stores?done=item")
            let badWarranty = try await client.execute(
                uri: "\(item)/warranty", method: .post, headers: adminForm,
                body: Self.form([("csrf", adminCSRF), ("warrantyDays", ""), ("scope", ""), ("costBearer", "company")]))
            #expect(badWarranty.status == .unprocessableContent)
            let badWarrantyPage = String(buffer: badWarranty.body)
            #expect(badWarrantyPage.contains("请填写整数") && badWarrantyPage.contains("请至少列出一类保修问题"))
            let warranty = try await client.execute(
                uri: "\(item)/warranty", method: .post, headers: adminForm,
                body: Self.form([
                    ("csrf", adminCSRF), ("warrantyDays", "90"), ("scope", "noise, leak"), ("exclusions", "misuse"),
                    ("costBearer", "manufacturer"),
                ]))
            #expect(warranty.headers[.location] == "/console/stores?done=item")
            let stored = try await Self.page(client, "\(item)/preparation", cookie: admin)
            #expect(stored.contains(line) && stored.contains("value=\"48\""))
            #expect(stored.contains("value=\"leak, noise\"") && stored.contains("value=\"manufacturer\" selected"))
            let catalog = try APITest.object(
                try await client.execute(uri: "/api/v1/catalog", method: .get, headers: APITest.auth).body)
            let acClean = (catalog["items"] as? [[String: Any]])?.first { $0["code"] as? String == "AC-CLEAN" }
            #expect((acClean?["acceptance"] as? [String: Any])?["periodHours"] as? Int == 48)
            #expect((acClean?["warranty"] as? [String: Any])?["costBearer"] as? String == "manufacturer")
        }
    }
}

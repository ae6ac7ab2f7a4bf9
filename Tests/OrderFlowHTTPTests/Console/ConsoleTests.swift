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

/// The console's pages through the real router: forms, CSRF, errors beside
/// fields, double submits, and what each person may see.
@Suite("Staff console pages")
struct ConsoleTests {
    static let password = "Console-test-phrase-2026"

    /// Signs `username` in (made with `grants`) and returns the cookie and the CSRF token.
    static func signIn(
        _ client: any TestClientProtocol, _ database: any OrderFlowDatabase, _ username: String, _ grants: [RoleGrant]
    ) async throws -> (cookie: String, csrf: String) {
        _ = try await AccessService(database: database, logger: TestDatabase.logger).addStaff(
            .init(username: username, displayName: "测试\(username)", password: password, grants: grants),
            by: Fixtures.administrator)
        return try await login(client, username)
    }

    /// Signs an existing account with `password` in: its session cookie and CSRF token.
    static func login(_ client: any TestClientProtocol, _ username: String) async throws -> (
        cookie: String, csrf: String
    ) {
        let form = try await client.execute(uri: "/login", method: .get)
        let html = String(buffer: form.body)
        let csrf = html.components(separatedBy: "name=\"csrf\" value=\"").dropFirst().first?.prefix(40) ?? ""
        let loginCookie = form.headers[.setCookie]?.components(separatedBy: ";").first ?? ""
        let response = try await client.execute(
            uri: "/login", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: loginCookie],
            body: ByteBuffer(string: "username=\(username)&password=\(password)&csrf=\(csrf)&next=%2Fconsole%2Forders"))
        let cookie =
            response.headers[values: .setCookie].first { $0.hasPrefix("orderflow_session=") }?
            .components(separatedBy: ";").first ?? ""
        let me = try APITest.object(
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [.cookie: cookie]).body)
        return (cookie, me["csrfToken"] as? String ?? "")
    }

    static func orderForm(csrf: String, token: String, phone: String, day: String) -> ByteBuffer {
        let fields = [
            ("csrf", csrf), ("formToken", token), ("storeCode", "SH01"), ("channel", "phone"), ("name", "王芳"),
            ("phone", phone), ("tier", "regular"), ("province", "上海市"), ("city", "上海市"), ("district", "徐汇区"),
            ("detail", "天钥桥路 100 号"), ("item", "AC-CLEAN"), ("specification", "1.5 匹挂机"), ("quantity", "2"),
            ("item", ""), ("specification", ""), ("quantity", "1"), ("item", ""), ("specification", ""),
            ("quantity", "1"), ("date", day), ("start", "10:00"), ("end", "12:00"), ("payment", "wechatPay"),
            ("priority", "normal"), ("notes", "<b>门禁 1234#</b>"),
        ]
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return ByteBuffer(
            string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
                .joined(separator: "&"))
    }

    /// The fixture clock's tomorrow, in Shanghai.
    static let tomorrow = "2026-12-02"

    @Test(
        "a new order: errors beside the fields with the input kept, then created once despite a double submit",
        arguments: TestEngine.available)
    func newOrder(engine: TestEngine) async throws {
        try await APITest.run(engine) { client, database in
            let (cookie, csrf) = try await Self.signIn(
                client, database, "sh.desk", [RoleGrant(role: .receptionist, scope: .stores(["SH01"]))])
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let form = try await client.execute(uri: "/console/orders/new", method: .get, headers: [.cookie: cookie])
            #expect(form.status == .ok)
            #expect(String(buffer: form.body).contains("name=\"formToken\""))

            let bad = try await client.execute(
                uri: "/console/orders", method: .post, headers: headers,
                body: Self.orderForm(csrf: csrf, token: "t-1", phone: "1381234", day: Self.tomorrow))
            let page = String(buffer: bad.body)
            #expect(bad.status == .unprocessableContent)
            #expect(page.contains("id=\"err-phone\""))
            #expect(page.contains("value=\"1381234\""))
            #expect(page.contains("value=\"王芳\""))
            #expect(page.contains("¥256.00"))
            #expect(page.contains("&lt;b&gt;门禁 1234#&lt;/b&gt;"))
            #expect(!page.contains("<b>门禁"))

            for _ in 1...2 {
                let good = try await client.execute(
                    uri: "/console/orders", method: .post, headers: headers,
                    body: Self.orderForm(csrf: csrf, token: "t-2", phone: "13812345678", day: Self.tomorrow))
                #expect(good.status == .seeOther)
                #expect(good.headers[.location] == "/console/orders/SH01-20261201-0001?done=created")
            }
            let list = try APITest.object(
                try await client.execute(uri: "/api/v1/orders", method: .get, headers: APITest.auth).body)
            #expect((list["items"] as? [Any])?.count == 1)
            let detail = try await client.execute(
                uri: "/console/orders/SH01-20261201-0001?done=created", method: .get, headers: [.cookie: cookie])
            #expect(String(buffer: detail.body).contains("role=\"status\""))
        }
    }

    @Test("a form without the session's CSRF token is refused and changes nothing")
    func csrf() async throws {
        try await APITest.run { client, database in
            let (cookie, _) = try await Self.signIn(
                client, database, "sh.desk", [RoleGrant(role: .receptionist, scope: .stores(["SH01"]))])
            let response = try await client.execute(
                uri: "/console/orders", method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: Self.orderForm(csrf: "forged", token: "t-3", phone: "13812345678", day: Self.tomorrow))
            #expect(response.status == .forbidden)
            let list = try APITest.object(
                try await client.execute(uri: "/api/v1/orders", method: .get, headers: APITest.auth).body)
            #expect((list["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("R2.4 the reviewer rejects with a reason (kept on error) and approves from the order page")
    func review() async throws {
        try await APITest.run { client, database in
            let pending = try await Fixtures.intake(database).createOrder(
                Fixtures.draft(quantity: 20), by: Fixtures.agent
            )
            .order.order
            let (cookie, csrf) = try await Self.signIn(
                client, database, "review.li", [RoleGrant(role: .reviewer, scope: .allStores)])
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let queue = String(
                buffer: try await client.execute(uri: "/console/review", method: .get, headers: [.cookie: cookie]).body)
            #expect(queue.contains(pending.number))
            let empty = try await client.execute(
                uri: "/console/orders/\(pending.number)/reject", method: .post, headers: headers,
                body: ByteBuffer(string: "csrf=\(csrf)&version=1&reason=+"))
            #expect(empty.status == .unprocessableContent)
            #expect(String(buffer: empty.body).contains("id=\"reject-error\""))
            let approved = try await client.execute(
                uri: "/console/orders/\(pending.number)/approve", method: .post, headers: headers,
                body: ByteBuffer(string: "csrf=\(csrf)&version=1"))
            #expect(approved.status == .seeOther)
            let order = try await Fixtures.intake(database).order(pending.number, by: Fixtures.agent)
            #expect(order.order.status == .confirmed)
            // The timeline names the reviewer, not their account id, in the order things happened.
            let page = String(
                buffer: try await client.execute(
                    uri: "/console/orders/\(pending.number)", method: .get, headers: [.cookie: cookie]
                ).body)
            #expect(page.contains("测试review.li"))
            #expect(!page.contains("staff:review.li"))
            // A stale version is a notice, not a lost update.
            let stale = try await client.execute(
                uri: "/console/orders/\(pending.number)/reject", method: .post, headers: headers,
                body: ByteBuffer(string: "csrf=\(csrf)&version=1&reason=%E5%A4%AA%E8%B4%B5"))
            #expect(stale.status == .conflict || stale.status == .preconditionFailed)
        }
    }

    @Test(
        "R1.4 each person sees only what they may: masked for finance, no order form for a technician, other stores hidden"
    )
    func visibility() async throws {
        try await APITest.run { client, database in
            let order = try await Fixtures.intake(database).createOrder(Fixtures.draft(), by: Fixtures.agent).order
                .order
            let (finance, _) = try await Self.signIn(
                client, database, "fin.chen", [RoleGrant(role: .finance, scope: .allStores)])
            let list = String(
                buffer: try await client.execute(uri: "/console/orders", method: .get, headers: [.cookie: finance]).body
            )
            #expect(list.contains(order.number))
            #expect(list.contains("138****5678"))
            #expect(!list.contains("13812345678"))
            #expect(!list.contains("href=\"/console/orders/new\""))
            let detail = String(
                buffer: try await client.execute(
                    uri: "/console/orders/\(order.number)", method: .get, headers: [.cookie: finance]
                ).body)
            #expect(!detail.contains("天钥桥路"))

            let (technician, _) = try await Self.signIn(
                client, database, "sh.tech", [RoleGrant(role: .technician, scope: .stores(["SH01"]))])
            try await client.execute(uri: "/console/orders/new", method: .get, headers: [.cookie: technician]) {
                #expect($0.status == .forbidden)
            }
            let (beijing, _) = try await Self.signIn(
                client, database, "bj.desk", [RoleGrant(role: .receptionist, scope: .stores(["BJ01"]))])
            try await client.execute(
                uri: "/console/orders/\(order.number)", method: .get, headers: [.cookie: beijing]
            ) { #expect($0.status == .notFound) }
            let theirs = String(
                buffer: try await client.execute(uri: "/console/orders", method: .get, headers: [.cookie: beijing]).body
            )
            #expect(!theirs.contains(order.number))
        }
    }

    @Test("the language follows the person's choice, and the switch only leads back to this site")
    func language() async throws {
        try await APITest.run { client, database in
            let (cookie, _) = try await Self.signIn(
                client, database, "sh.desk", [RoleGrant(role: .receptionist, scope: .stores(["SH01"]))])
            let chinese = String(
                buffer: try await client.execute(uri: "/console/orders", method: .get, headers: [.cookie: cookie]).body)
            #expect(chinese.contains("<html lang=\"zh-Hans\">"))
            let english = try await client.execute(
                uri: "/console/orders", method: .get, headers: [.cookie: cookie, .acceptLanguage: "en"])
            #expect(String(buffer: english.body).contains("<html lang=\"en\">"))
            let switched = try await client.execute(uri: "/lang/en?next=//evil.example", method: .get)
            #expect(switched.headers[.location] == "/console")
            let chosen = switched.headers[.setCookie]?.components(separatedBy: ";").first ?? ""
            let page = String(
                buffer: try await client.execute(
                    uri: "/console/orders", method: .get, headers: [.cookie: "\(cookie); \(chosen)"]
                ).body)
            #expect(page.contains("<html lang=\"en\">"))
            #expect(page.contains(">Orders<"))

            // Chosen while signed in, it belongs to the person: another browser
            // (no cookie, asking for Chinese) shows English too.
            let me = try await client.execute(uri: "/api/v1/me", method: .get, headers: [.cookie: cookie])
            let csrf = try APITest.object(me.body)["csrfToken"] as? String ?? ""
            let chose = try await client.execute(
                uri: "/console/language", method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=\(csrf)&language=en&next=%2Fconsole%2Freview"))
            #expect(chose.headers[.location] == "/console/review")
            let elsewhere = try await client.execute(
                uri: "/console/orders", method: .get, headers: [.cookie: cookie, .acceptLanguage: "zh-CN"])
            #expect(String(buffer: elsewhere.body).contains("<html lang=\"en\">"))
        }
    }

    @Test("a store manager opens, re-roles and disables accounts of their store only, from the console")
    func staffAdministration() async throws {
        try await APITest.run { client, database in
            let (cookie, csrf) = try await Self.signIn(
                client, database, "sh.boss", [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))])
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let page = String(
                buffer: try await client.execute(uri: "/console/staff", method: .get, headers: [.cookie: cookie]).body)
            #expect(page.contains("id=\"staff-form\""))
            #expect(!page.contains("value=\"BJ01\""))  // only their own store is offered
            let beyond = try await client.execute(
                uri: "/console/staff", method: .post, headers: headers,
                body: ByteBuffer(string: "csrf=\(csrf)&username=bj.x&displayName=X&role=technician&stores=BJ01"))
            #expect(beyond.status == .unprocessableContent)
            #expect(String(buffer: beyond.body).contains("id=\"err-grants\""))
            #expect(String(buffer: beyond.body).contains("value=\"bj.x\""))
            let made = try await client.execute(
                uri: "/console/staff", method: .post, headers: headers,
                body: ByteBuffer(
                    string: "csrf=\(csrf)&username=sh.newtech&displayName=%E6%96%B0&role=technician&stores=SH01"))
            #expect(made.headers[.location] == "/console/staff/sh.newtech?done=created")
            let roles = try await client.execute(
                uri: "/console/staff/sh.newtech/roles", method: .post, headers: headers,
                body: ByteBuffer(string: "csrf=\(csrf)&version=1&role=dispatcher&stores=SH01"))
            #expect(roles.status == .seeOther)
            let disabled = try await client.execute(
                uri: "/console/staff/sh.newtech/disable", method: .post, headers: headers,
                body: ByteBuffer(string: "csrf=\(csrf)&version=2"))
            #expect(disabled.status == .seeOther)
            let member = try await AccessService(database: database, logger: TestDatabase.logger)
                .staffMember("sh.newtech", by: Fixtures.administrator)
            #expect(member.grants == [RoleGrant(role: .dispatcher, scope: .stores(["SH01"]))])
            #expect(!member.isActive)
        }
    }

    @Test("an administrator changes a price from the catalog table; a typo is shown, not saved")
    func catalogPrice() async throws {
        try await APITest.run { client, database in
            let (cookie, csrf) = try await Self.signIn(
                client, database, "ops.admin", [RoleGrant(role: .administrator, scope: .allStores)])
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let page = String(
                buffer: try await client.execute(uri: "/console/stores", method: .get, headers: [.cookie: cookie]).body)
            #expect(page.contains("id=\"price-AC-CLEAN\" name=\"price\" value=\"128.00\""))
            let typo = try await client.execute(
                uri: "/console/catalog/AC-CLEAN", method: .post, headers: headers,
                body: ByteBuffer(string: "csrf=\(csrf)&price=12a&active=on"))
            #expect(typo.status == .unprocessableContent)
            let saved = try await client.execute(
                uri: "/console/catalog/AC-CLEAN", method: .post, headers: headers,
                body: ByteBuffer(string: "csrf=\(csrf)&price=150.50&active=on"))
            #expect(saved.headers[.location] == "/console/stores?done=item")
            let catalog = try await ReferenceDataService(database: database).catalog(by: Fixtures.administrator)
            #expect(catalog.first { $0.code == "AC-CLEAN" }?.unitPrice == Money(fen: 15_050))
        }
    }

    @Test("a store manager changes their store's hours from the console; a bad time comes back with what was typed")
    func storeHours() async throws {
        try await APITest.run { client, database in
            let (cookie, csrf) = try await Self.signIn(
                client, database, "sh.boss", [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))])
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let list = String(
                buffer: try await client.execute(uri: "/console/stores", method: .get, headers: [.cookie: cookie]).body)
            #expect(list.contains("href=\"/console/stores/SH01\""))
            #expect(!list.contains("href=\"/console/stores/BJ01\""))
            try await client.execute(uri: "/console/stores/BJ01", method: .get, headers: [.cookie: cookie]) {
                #expect($0.status == .forbidden)
            }
            let days = (2...7).map { "open\($0)=on&opens\($0)=09%3A00&closes\($0)=18%3A00" }.joined(separator: "&")
            let bad = try await client.execute(
                uri: "/console/stores/SH01", method: .post, headers: headers,
                body: ByteBuffer(string: "csrf=\(csrf)&opens2=9am&\(days)&holidays=2027-02-30&phone=02164871234"))
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("value=\"9am\""))
            let good = try await client.execute(
                uri: "/console/stores/SH01", method: .post, headers: headers,
                body: ByteBuffer(string: "csrf=\(csrf)&\(days)&holidays=2027-02-06%0D%0A2027-02-07&phone=02164871234"))
            #expect(good.headers[.location] == "/console/stores/SH01?done=hours")
            let store = try await ReferenceDataService(database: database).store(
                code: "SH01", by: Fixtures.administrator)
            #expect(
                store.holidays == [LocalDate(year: 2027, month: 2, day: 6), LocalDate(year: 2027, month: 2, day: 7)])
            #expect(store.openingHours.hours(onWeekday: 1) == nil)
        }
    }
}

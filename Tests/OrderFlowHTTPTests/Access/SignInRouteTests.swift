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

/// The console's sign-in over the real router: cookies, CSRF, redirects,
/// lockout and session fixation, on both databases.
@Suite("Console sign-in and sessions")
struct SignInRouteTests {
    static let password = "Xuhui-front-desk-2026"

    /// Opens the login form: its CSRF token, and the cookie that must come back with it.
    static func loginForm(_ client: any TestClientProtocol, next: String = "") async throws -> (
        csrf: String, cookie: String
    ) {
        let response = try await client.execute(uri: "/login" + (next.isEmpty ? "" : "?next=\(next)"), method: .get)
        let html = String(buffer: response.body)
        let csrf = html.components(separatedBy: "name=\"csrf\" value=\"").dropFirst().first?.prefix(40) ?? ""
        let cookie = response.headers[.setCookie]?.components(separatedBy: ";").first ?? ""
        return (String(csrf), cookie)
    }

    static func form(_ fields: [String: String]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return ByteBuffer(
            string: fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
                .joined(separator: "&"))
    }

    static func signIn(
        _ client: any TestClientProtocol, password: String = password, next: String = "/console",
        extraCookie: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        let (csrf, cookie) = try await loginForm(client)
        var headers: HTTPFields = [
            .contentType: "application/x-www-form-urlencoded",
            .cookie: [cookie, extraCookie].compactMap { $0 }.joined(separator: "; "),
        ]
        headers.append(contentsOf: extra)
        return try await client.execute(
            uri: "/login", method: .post, headers: headers,
            body: form(["username": "sh.front", "password": password, "csrf": csrf, "next": next]))
    }

    static func sessionCookie(_ response: TestResponse) -> String? {
        response.headers[values: .setCookie].first { $0.hasPrefix("orderflow_session=") }
    }

    static func run(
        _ engine: TestEngine, configure: @escaping @Sendable (inout AppConfig) -> Void = { _ in },
        _ test: @escaping @Sendable (any TestClientProtocol, any OrderFlowDatabase) async throws -> Void
    ) async throws {
        try await APITest.run(engine, configure: configure) { client, database in
            _ = try await AccessService(database: database, logger: TestDatabase.logger).addStaff(
                .init(
                    username: "sh.front", displayName: "吴佳怡", password: password,
                    grants: [RoleGrant(role: .receptionist, scope: .stores(["SH01"]))]),
                by: Fixtures.administrator)
            try await test(client, database)
        }
    }

    @Test(
        "signing in sets an HttpOnly, SameSite cookie; API changes with it need the CSRF token",
        arguments: TestEngine.available)
    func signInAndCSRF(engine: TestEngine) async throws {
        try await Self.run(engine) { client, _ in
            let response = try await Self.signIn(client)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/console")
            let setCookie = try #require(Self.sessionCookie(response))
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            #expect(!setCookie.contains("Secure"))
            let cookie = setCookie.components(separatedBy: ";")[0]

            let me = try APITest.object(
                try await client.execute(uri: "/api/v1/me", method: .get, headers: [.cookie: cookie]).body)
            #expect(me["actor"] as? String == "staff:sh.front")
            let csrf = try #require(me["csrfToken"] as? String)

            let body = try APITest.bytes(APITest.orderBody())
            try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: [.cookie: cookie, .contentType: "application/json"],
                body: body
            ) { (answer) async throws in
                #expect(answer.status == .forbidden)
                #expect(try APITest.object(answer.body)["code"] as? String == "auth.csrfInvalid")
            }
            var forged: HTTPFields = [.cookie: cookie, .contentType: "application/json"]
            forged[HTTPField.Name("X-CSRF-Token")!] = String(csrf.reversed())
            try await client.execute(uri: "/api/v1/orders", method: .post, headers: forged, body: body) {
                #expect($0.status == .forbidden)
            }
            var good: HTTPFields = [.cookie: cookie, .contentType: "application/json"]
            good[HTTPField.Name("X-CSRF-Token")!] = csrf
            try await client.execute(uri: "/api/v1/orders", method: .post, headers: good, body: body) {
                #expect($0.status == .created)
            }
            // Reading needs no CSRF token; the console page shows the person.
            try await client.execute(uri: "/console/orders", method: .get, headers: [.cookie: cookie]) {
                (page) async throws in
                #expect(page.status == .ok)
                #expect(String(buffer: page.body).contains("吴佳怡"))
            }

            // Sign-out ends the session for good.
            try await client.execute(
                uri: "/logout", method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: Self.form(["csrf": csrf])
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [.cookie: cookie]) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test(
        "a login form not served by us is refused; a planted session id is never adopted",
        arguments: TestEngine.available)
    func forgeryAndFixation(engine: TestEngine) async throws {
        try await Self.run(engine) { client, _ in
            // No login cookie: a form posted from another site.
            try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: Self.form(["username": "sh.front", "password": Self.password, "csrf": "0123456789"])
            ) { (response) async throws in
                #expect(response.status == .forbidden)
                #expect(Self.sessionCookie(response) == nil)
            }
            let planted = "orderflow_session=attacker-chosen-0123456789"
            let response = try await Self.signIn(client, extraCookie: planted)
            let issued = try #require(Self.sessionCookie(response)).components(separatedBy: ";")[0]
            #expect(issued != planted)
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [.cookie: planted]) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [.cookie: issued]) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test("after sign-in only paths of this site are followed; Secure behind TLS", arguments: [TestEngine.sqlite])
    func redirects(engine: TestEngine) async throws {
        try await Self.run(engine) { client, _ in
            for (next, expected) in [
                ("/orders/SH01-20261201-0001", "/orders/SH01-20261201-0001"), ("//evil.example", "/console"),
                ("https://evil.example/", "/console"), ("/\\evil.example", "/console"),
            ] {
                let response = try await Self.signIn(client, next: next)
                #expect(response.headers[.location] == expected, "\(next)")
            }
            let secure = try await Self.signIn(client, headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            #expect(Self.sessionCookie(secure)?.contains("; Secure") == true)
        }
    }

    @Test(
        "wrong passwords: 401, then the account locks with 429 and Retry-After; all audited",
        arguments: TestEngine.available)
    func lockout(engine: TestEngine) async throws {
        try await Self.run(engine) { client, database in
            for _ in 1...SignInPolicy.failuresBeforeLockout {
                let response = try await Self.signIn(client, password: "not-the-password")
                #expect(response.status == .unauthorized)
                #expect(Self.sessionCookie(response) == nil)
            }
            let locked = try await Self.signIn(client)
            #expect(locked.status == .tooManyRequests)
            #expect(Int(locked.headers[.retryAfter] ?? "") ?? 0 > 800)
            #expect(Self.sessionCookie(locked) == nil)
            let actions = try await database.read { try await AuditLog.all(on: $0) }.map(\.action)
            #expect(actions.filter { $0 == "auth.signInFailed" }.count == SignInPolicy.failuresBeforeLockout)
            #expect(actions.contains("auth.accountLocked") && actions.contains("auth.lockedOut"))
        }
    }

    @Test("behind a trusted proxy, failures are counted per client address from X-Forwarded-For")
    func forwardedFor() async throws {
        let trustingProxy: @Sendable (inout AppConfig) -> Void = { $0.trustForwardedFor = true }
        try await Self.run(.sqlite, configure: trustingProxy) { client, database in
            try await database.write { db in
                for index in 0..<SignInPolicy.failuresPerSource {
                    try await SignInAttemptRecords.record(
                        username: "guess\(index)", source: "203.0.113.7", succeeded: false, at: Fixtures.now, on: db)
                }
            }
            let blocked = try await Self.signIn(
                client, headers: [HTTPField.Name("X-Forwarded-For")!: "203.0.113.7, 10.0.0.1"])
            #expect(blocked.status == .tooManyRequests)
            let other = try await Self.signIn(client, headers: [HTTPField.Name("X-Forwarded-For")!: "203.0.113.8"])
            #expect(other.status == .seeOther)
        }
        // Without a trusted proxy the header is the client's word, and ignored.
        try await Self.run(.sqlite) { client, database in
            try await database.write { db in
                for index in 0..<SignInPolicy.failuresPerSource {
                    try await SignInAttemptRecords.record(
                        username: "guess\(index)", source: "203.0.113.7", succeeded: false, at: Fixtures.now, on: db)
                }
            }
            let response = try await Self.signIn(client, headers: [HTTPField.Name("X-Forwarded-For")!: "203.0.113.7"])
            #expect(response.status == .seeOther)
        }
    }

    @Test("the console without a session goes to the login page")
    func consoleNeedsSession() async throws {
        try await APITest.run { client, _ in
            try await client.execute(uri: "/console/orders?status=confirmed", method: .get) {
                (response) async throws in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/login?next=/console/orders%3Fstatus%3Dconfirmed")
            }
        }
    }
}

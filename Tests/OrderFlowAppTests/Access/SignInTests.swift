import Foundation
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@Suite("Signing in, sessions and lockout")
struct SignInTests {
    static let password = "Xuhui-reception-2026"

    static func setUp(_ database: any OrderFlowDatabase, clock: TestClock) async throws -> AccessService {
        try await Fixtures.seed(database)
        let access = AccessService(database: database, environment: clock.environment, logger: TestDatabase.logger)
        _ = try await access.addStaff(
            .init(
                username: "sh.reception", displayName: "吴佳怡", password: password,
                grants: [RoleGrant(role: .receptionist, scope: .stores(["SH01"]))]),
            by: Fixtures.administrator)
        return access
    }

    static func actions(_ database: any OrderFlowDatabase) async throws -> [String] {
        try await database.read { try await AuditLog.all(on: $0) }.map(\.action)
    }

    @Test(
        "the right password opens a new session each time; the session carries the person's roles",
        arguments: TestEngine.available)
    func signIn(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let clock = TestClock()
            let access = try await Self.setUp(database, clock: clock)
            let first = try await access.signIn(username: " SH.Reception ", password: Self.password, source: "10.0.0.1")
            let second = try await access.signIn(username: "sh.reception", password: Self.password, source: "10.0.0.1")
            #expect(first.secret != second.secret)
            #expect(first.session.csrfToken != second.session.csrfToken)
            let (caller, session) = try await access.caller(forSession: first.secret)
            #expect(caller.actor.description == "staff:sh.reception")
            #expect(caller.may(.createOrder, storeCode: "SH01"))
            #expect(session.csrfToken == first.session.csrfToken)
            let hash = try await database.read { try await StaffRecords.find(username: "sh.reception", on: $0)?.1 }
            #expect(hash?.hasPrefix("$2b$12$") == true)
            #expect(try await Self.actions(database).filter { $0 == "auth.signedIn" }.count == 2)
        }
    }

    @Test("wrong passwords and unknown users get the same answer, and each is audited", arguments: TestEngine.available)
    func failures(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let access = try await Self.setUp(database, clock: TestClock())
            let wrong = AppError.unauthenticated(
                LocalizedText(zhHans: "用户名或密码不正确", en: "Wrong user name or password"))
            await #expect(throws: wrong) {
                try await access.signIn(username: "sh.reception", password: "not-it-at-all", source: "10.0.0.1")
            }
            await #expect(throws: wrong) {
                try await access.signIn(username: "nobody", password: Self.password, source: "10.0.0.1")
            }
            await #expect(throws: wrong) {
                try await access.signIn(username: "x' OR '1'='1", password: "' OR 1=1 --", source: "10.0.0.1")
            }
            let entries = try await database.read {
                try await AuditLog.search(AuditQuery(action: "auth.signInFailed"), on: $0)
            }
            #expect(Set(entries.compactMap(\.subject)) == ["sh.reception", "nobody", "x' or '1'='1"])
            #expect(entries.allSatisfy { $0.outcome == .refused })
        }
    }

    @Test(
        "five failures lock the account from that address for 15 minutes, even for the right password; elsewhere it opens",
        arguments: TestEngine.available)
    func lockout(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let clock = TestClock()
            let access = try await Self.setUp(database, clock: clock)
            for _ in 1...SignInPolicy.failuresBeforeLockout {
                _ = try? await access.signIn(username: "sh.reception", password: "wrong-password-1", source: "10.0.0.2")
                clock.advance(by: 1)
            }
            await #expect(throws: AppError.tooManyAttempts(retryAfterSeconds: 900)) {
                try await access.signIn(username: "sh.reception", password: Self.password, source: "10.0.0.2")
            }
            let actions = try await Self.actions(database)
            #expect(actions.filter { $0 == "auth.accountLocked" }.count == 1)
            #expect(actions.contains("auth.lockedOut"))
            // The owner at their own machine is not locked out by someone else's guesses.
            _ = try await access.signIn(username: "sh.reception", password: Self.password, source: "10.0.0.7")
            clock.advance(by: SignInPolicy.lockout)
            _ = try await access.signIn(username: "sh.reception", password: Self.password, source: "10.0.0.2")
        }
    }

    @Test("one address trying many accounts must wait", arguments: [TestEngine.sqlite])
    func sourceLimit(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let access = try await Self.setUp(database, clock: TestClock())
            try await database.write { db in
                for index in 0..<SignInPolicy.failuresPerSource {
                    try await SignInAttemptRecords.record(
                        username: "user\(index)", source: "10.9.9.9", succeeded: false, at: Fixtures.now, on: db)
                }
            }
            await #expect(throws: AppError.tooManyAttempts(retryAfterSeconds: Int(SignInPolicy.window))) {
                try await access.signIn(username: "sh.reception", password: Self.password, source: "10.9.9.9")
            }
            _ = try await access.signIn(username: "sh.reception", password: Self.password, source: "10.0.0.3")
        }
    }

    @Test("sessions end on sign-out, after idling, and when the account is disabled", arguments: TestEngine.available)
    func sessionEnds(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let clock = TestClock()
            let access = try await Self.setUp(database, clock: clock)
            let signedIn = try await access.signIn(username: "sh.reception", password: Self.password, source: "x")
            let (caller, _) = try await access.caller(forSession: signedIn.secret)
            try await access.signOut(secret: signedIn.secret, by: caller)
            await #expect(throws: AppError.self) { try await access.caller(forSession: signedIn.secret) }

            let idle = try await access.signIn(username: "sh.reception", password: Self.password, source: "x")
            clock.advance(by: SignInPolicy.idleTimeout - 60)
            _ = try await access.caller(forSession: idle.secret)  // use keeps it alive
            clock.advance(by: SignInPolicy.idleTimeout - 60)
            _ = try await access.caller(forSession: idle.secret)
            clock.advance(by: SignInPolicy.idleTimeout + 1)
            await #expect(throws: AppError.self) { try await access.caller(forSession: idle.secret) }

            let live = try await access.signIn(username: "sh.reception", password: Self.password, source: "x")
            _ = try await access.disable("sh.reception", ifMatch: nil, by: Fixtures.administrator)
            await #expect(throws: AppError.self) { try await access.caller(forSession: live.secret) }
            await #expect(throws: AppError.self) {
                try await access.signIn(username: "sh.reception", password: Self.password, source: "x")
            }
        }
    }

    @Test("a new password ends old sessions; changing one's own needs the current one", arguments: [TestEngine.sqlite])
    func passwords(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let access = try await Self.setUp(database, clock: TestClock())
            let signedIn = try await access.signIn(username: "sh.reception", password: Self.password, source: "x")
            let (caller, _) = try await access.caller(forSession: signedIn.secret)
            await #expect(throws: AppError.self) {
                try await access.setPassword(
                    "sh.reception", to: "Another-long-phrase-9", currentPassword: "wrong", by: caller)
            }
            try await access.setPassword(
                "sh.reception", to: "Another-long-phrase-9", currentPassword: Self.password, by: caller)
            await #expect(throws: AppError.self) { try await access.caller(forSession: signedIn.secret) }
            _ = try await access.signIn(username: "sh.reception", password: "Another-long-phrase-9", source: "x")
            let actions = try await Self.actions(database)
            #expect(actions.contains("auth.passwordChanged"))
            #expect(actions.contains("auth.passwordChangeRefused"))
        }
    }

    @Test("the first administrator is made once, on an empty database only", arguments: [TestEngine.sqlite])
    func bootstrap(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let access = AccessService(
                database: database, environment: .at { Fixtures.now }, logger: TestDatabase.logger)
            await #expect(throws: AppError.self) { try await access.bootstrapAdministrator(password: "short") }
            let made = try await access.bootstrapAdministrator(password: nil)
            #expect(made?.username == "admin")
            #expect((made?.password.count ?? 0) >= 20)
            #expect(try await access.bootstrapAdministrator(password: nil) == nil)
            let signedIn = try await access.signIn(username: "admin", password: made?.password ?? "", source: "x")
            #expect(signedIn.member.grants == [RoleGrant(role: .administrator, scope: .allStores)])
        }
    }
}

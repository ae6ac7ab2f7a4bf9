import Foundation
import OrderFlowCore
import Testing

@Suite("Sign-in rules")
struct SignInPolicyTests {
    @Test(
        "after sign-in only a path of this site is followed",
        arguments: [
            ("/orders?status=pendingReview", "/orders?status=pendingReview"),
            ("/console", "/console"),
            ("//evil.example/steal", "/console"),
            ("https://evil.example", "/console"),
            ("/\\evil.example", "/console"),
            ("javascript:alert(1)", "/console"),
            ("/path with space", "/console"),
            ("", "/console"),
        ])
    func noOpenRedirect(target: String, expected: String) {
        #expect(SignInPolicy.safeRedirect(target) == expected)
    }

    @Test("a session ends at its lifetime, after idling, or when signed out")
    func sessionLife() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let session = StaffSession(
            staffID: UUID(), csrfToken: "c", createdAt: start,
            expiresAt: start.addingTimeInterval(SignInPolicy.sessionLifetime), lastSeenAt: start)
        #expect(session.isLive(at: start.addingTimeInterval(60)))
        #expect(!session.isLive(at: start.addingTimeInterval(SignInPolicy.idleTimeout)))
        var busy = session
        busy.lastSeenAt = start.addingTimeInterval(SignInPolicy.sessionLifetime - 60)
        #expect(!busy.isLive(at: start.addingTimeInterval(SignInPolicy.sessionLifetime)))
        var ended = session
        ended.endedAt = start
        #expect(!ended.isLive(at: start.addingTimeInterval(1)))
    }

    @Test("bcrypt's 72-byte limit: a longer password is refused rather than cut")
    func passwordBytes() {
        let chinese = "长城内外惟余莽莽大河上下顿失滔滔山舞银蛇原驰蜡象欲与天公"  // 25 characters, 75 bytes
        #expect(PasswordPolicy.problems(password: chinese, username: "li").map(\.code) == ["text.tooLong"])
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// One signed-in person looking at the console: who they are, their
/// session (for the CSRF token), and the language they read.
struct ConsoleVisit: Sendable {
    let caller: Caller
    let session: StaffSession
    let member: StaffMember
    let language: Language
    let t: [String: String]
    /// The path and query of this page, to come back to after a language switch.
    let here: String
    /// The application's clock at the start of this page (never `Date()`).
    let now: Date

    /// What a page says after a form sent the person back with
    /// `?done=<what>`: the message `<chapter>_done_<what>`, when there is one.
    func doneNotice(_ request: Request, _ chapter: String) -> String? {
        request.uri.queryParameters["done"].flatMap { t["\(chapter)_done_\($0)"] }
    }

    /// A message of the person's language with its `{name}` placeholders filled.
    func text(_ key: String, _ values: [String: String]) -> String {
        ConsoleMessages.filled(t[key] ?? key, values)
    }

    /// The page frame: title, the person, the chapters' navigation for what
    /// they may do.
    func chrome(title: String, current: String) -> Chrome {
        let other: Language = language == .zhHans ? .en : .zhHans
        return Chrome(
            lang: language.rawValue, title: title, displayName: member.displayName, username: member.username,
            csrf: session.csrfToken,
            nav: Chapters.navigation.filter { caller.mayAtAll($0.action) && $0.shownTo(caller) }
                .map {
                    NavItem(
                        label: t["nav_\($0.key)"] ?? $0.key, href: $0.href, current: $0.key == current,
                        alertBadge: $0.alertBadge)
                },
            switchLanguageLabel: other == .en ? "English" : "中文", switchLanguageTag: other.rawValue, here: here)
    }
}

/// What every console page shows around its content.
struct Chrome: Sendable {
    let lang: String
    let title: String
    let displayName: String
    let username: String
    let csrf: String
    let nav: [NavItem]
    let switchLanguageLabel: String
    /// The language the header's switch chooses, and the page to come back to.
    let switchLanguageTag: String
    let here: String
}

struct NavItem: Sendable {
    let label: String
    let href: String
    let current: Bool
    /// The alerts entry carries the live count of open alerts (console.js).
    let alertBadge: Bool
}

/// Finds the console visitor behind a request, or the way to the login page.
struct ConsoleGate: Sendable {
    let access: AccessService
    let renderer: ConsoleRenderer
    static let languageCookie = "orderflow_lang"

    enum Outcome {
        case visit(ConsoleVisit)
        case signIn(Response)
    }

    func visit(_ request: Request) async throws -> Outcome {
        let here = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
        guard let secret = SessionCookie.value(in: request.headers),
            let (caller, session) = try? await access.caller(forSession: secret),
            let member = try await access.currentMember(of: caller)
        else {
            // Back to this page after signing in: `next` is checked again there.
            return .signIn(ConsoleRenderer.redirect("/login?next=\(ConsoleForm.percentEncoded(here))"))
        }
        // The person's own choice first, then this browser's, then its Accept-Language.
        let language = member.preferredLanguage ?? Self.language(of: request)
        return .visit(
            ConsoleVisit(
                caller: caller, session: session, member: member, language: language,
                t: renderer.messages.table(language), here: here, now: access.now))
    }

    /// The language cookie when set, else the browser's `Accept-Language`.
    static func language(of request: Request) -> Language {
        if let tag = SessionCookie.cookie(named: languageCookie, in: request.headers), let chosen = Language(tag: tag) {
            return chosen
        }
        return Language.preferred(fromAcceptLanguage: request.headers[.acceptLanguage])
    }

    /// A form post must carry the session's CSRF token.
    static func checkCSRF(_ form: [String: String], _ visit: ConsoleVisit) -> Bool {
        SessionCookie.constantTimeEquals(form["csrf"] ?? "", visit.session.csrfToken)
    }
}

/// Helpers for form bodies and links.
enum ConsoleForm {
    static let maximumBytes = 64 * 1024

    static func read(_ request: Request) async -> [String: [String]]? {
        guard let buffer = try? await request.body.collect(upTo: maximumBytes) else { return nil }
        return FormBody.parseAll(buffer)
    }

    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OrderFlowApp
import OrderFlowCore

/// Console sign-in and sign-out (issue 3). The login form carries a CSRF
/// token that must match a cookie set with the form (so no other site can
/// sign a browser in to an account of its choosing); a successful sign-in
/// always makes a new session; `next` only ever leads to a page of this site.
struct SignInRoutes {
    let access: AccessService
    let renderer: ConsoleRenderer
    let secureCookies: Bool
    let trustForwardedFor: Bool
    static let loginCSRFCookie = "orderflow_login_csrf"

    func register(on router: Router<OrderFlowRequestContext>) {
        router.get("/login") { request, _ in showForm(request, status: .ok, error: nil) }
        router.post("/login") { request, context in try await signIn(request, context: context) }
        router.post("/logout") { request, context in try await signOut(request, context: context) }
        router.get("/console") { _, _ in ConsoleRenderer.redirect("/console/orders") }
        // The front door: the console for someone signed in, else the sign-in page.
        router.get("/") { request, _ in
            ConsoleRenderer.redirect(SessionCookie.value(in: request.headers) == nil ? "/login" : "/console")
        }
    }

    struct LoginPage: Sendable {
        let t: [String: String]
        let lang: String
        let csrf: String
        let next: String
        let username: String
        let error: String?
        let switchLanguageHref: String
        let switchLanguageLabel: String
    }

    private func showForm(
        _ request: Request, status: HTTPResponse.Status, error: String?, next: String? = nil, username: String = ""
    ) -> Response {
        let language = ConsoleGate.language(of: request)
        let csrf = AccessService.newSecret()
        let next = SignInPolicy.safeRedirect(next ?? request.uri.queryParameters["next"].map(String.init))
        let other: Language = language == .zhHans ? .en : .zhHans
        var headers: HTTPFields = [:]
        headers[.setCookie] =
            "\(Self.loginCSRFCookie)=\(csrf); Path=/login; Max-Age=3600; HttpOnly; SameSite=Strict"
            + (isSecure(request) ? "; Secure" : "")
        let page = LoginPage(
            t: renderer.messages.table(language), lang: language.rawValue, csrf: csrf, next: next,
            username: username, error: error,
            switchLanguageHref: "/lang/\(other.rawValue)?next=\(ConsoleForm.percentEncoded("/login?next=" + next))",
            switchLanguageLabel: other == .en ? "English" : "中文")
        return renderer.page("login", page, status: status, headers: headers)
    }

    private func signIn(_ request: Request, context: OrderFlowRequestContext) async throws -> Response {
        let language = ConsoleGate.language(of: request)
        let messages = renderer.messages
        guard let buffer = try? await request.body.collect(upTo: 8 * 1024) else {
            return showForm(request, status: .contentTooLarge, error: messages.text("login_tooLarge", language))
        }
        let form = FormBody.parse(buffer)
        let cookie = SessionCookie.cookie(named: Self.loginCSRFCookie, in: request.headers) ?? ""
        guard let sent = form["csrf"], !cookie.isEmpty, SessionCookie.constantTimeEquals(sent, cookie) else {
            return showForm(
                request, status: .forbidden, error: messages.text("login_expired", language), next: form["next"])
        }
        do {
            let signedIn = try await access.signIn(
                username: form["username"] ?? "", password: form["password"] ?? "",
                source: context.clientAddress(of: request, trustingForwardedFor: trustForwardedFor))
            var headers: HTTPFields = [:]
            headers[.location] = SignInPolicy.safeRedirect(form["next"])
            headers.append(
                HTTPField(
                    name: .setCookie,
                    value: SessionCookie.set(
                        signedIn.secret, secure: isSecure(request), maxAge: Int(SignInPolicy.sessionLifetime))))
            headers.append(
                HTTPField(
                    name: .setCookie,
                    value: "\(Self.loginCSRFCookie)=; Path=/login; Max-Age=0; HttpOnly; SameSite=Strict"))
            return Response(status: .seeOther, headers: headers)
        } catch AppError.tooManyAttempts(let seconds) {
            var response = showForm(
                request, status: .tooManyRequests,
                error: messages.text("login_tooMany", language, ["minutes": String((seconds + 59) / 60)]),
                next: form["next"], username: form["username"] ?? "")
            response.headers[.retryAfter] = String(seconds)
            return response
        } catch AppError.unauthenticated(let message) {
            return showForm(
                request, status: .unauthorized, error: message.text(in: language), next: form["next"],
                username: form["username"] ?? "")
        }
    }

    private func signOut(_ request: Request, context: OrderFlowRequestContext) async throws -> Response {
        var headers: HTTPFields = [.location: "/login"]
        headers[.setCookie] = SessionCookie.clear(secure: isSecure(request))
        guard let secret = SessionCookie.value(in: request.headers),
            let (caller, session) = try? await access.caller(forSession: secret)
        else { return Response(status: .seeOther, headers: headers) }
        let form = FormBody.parse((try? await request.body.collect(upTo: 8 * 1024)) ?? ByteBuffer())
        guard SessionCookie.constantTimeEquals(form["csrf"] ?? "", session.csrfToken) else {
            // A forged sign-out would be a nuisance, not a breach; refuse it all the same.
            return showForm(
                request, status: .forbidden,
                error: renderer.messages.text("login_expired", ConsoleGate.language(of: request)))
        }
        try await access.signOut(secret: secret, by: caller)
        return Response(status: .seeOther, headers: headers)
    }

    /// Cookies get `Secure` when the site is served over TLS: configured, or
    /// said by the TLS-terminating proxy in front.
    private func isSecure(_ request: Request) -> Bool {
        secureCookies || request.headers[.forwardedProto]?.lowercased() == "https"
    }
}

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
    let secureCookies: Bool
    let trustForwardedFor: Bool
    static let loginCSRFCookie = "orderflow_login_csrf"

    func register(on router: Router<OrderFlowRequestContext>) {
        router.get("/login") { request, _ in showForm(request, status: .ok, error: nil) }
        router.post("/login") { request, context in try await signIn(request, context: context) }
        router.post("/logout") { request, context in try await signOut(request, context: context) }
        router.get("/console") { request, _ in try await home(request) }
    }

    private func showForm(_ request: Request, status: HTTPResponse.Status, error: String?) -> Response {
        let zh = language(request) == .zhHans
        let csrf = AccessService.newSecret()
        let next = SignInPolicy.safeRedirect(request.uri.queryParameters["next"].map(String.init))
        let body = """
            <h1>\(zh ? "OrderFlow 登录" : "Sign in to OrderFlow")</h1>
            \(error.map { "<p class=\"error\" role=\"alert\">\(HTMLPage.escape($0))</p>" } ?? "")
            <form method="post" action="/login">
            <input type="hidden" name="csrf" value="\(csrf)">
            <input type="hidden" name="next" value="\(HTMLPage.escape(next))">
            <label for="username">\(zh ? "用户名" : "User name")</label>
            <input id="username" name="username" autocomplete="username" required maxlength="64">
            <label for="password">\(zh ? "密码" : "Password")</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200">
            <button type="submit">\(zh ? "登录" : "Sign in")</button>
            </form>
            """
        var headers: HTTPFields = [:]
        headers[.setCookie] =
            "\(Self.loginCSRFCookie)=\(csrf); Path=/login; Max-Age=3600; HttpOnly; SameSite=Strict"
            + (isSecure(request) ? "; Secure" : "")
        return HTMLPage.response(
            status, title: zh ? "登录" : "Sign in", language: zh ? "zh-Hans" : "en", body: body, headers: headers)
    }

    private func signIn(_ request: Request, context: OrderFlowRequestContext) async throws -> Response {
        let zh = language(request) == .zhHans
        guard let buffer = try? await request.body.collect(upTo: 8 * 1024) else {
            return showForm(request, status: .contentTooLarge, error: zh ? "请求过大" : "The request is too large")
        }
        let form = FormBody.parse(buffer)
        let cookie = SessionCookie.cookie(named: Self.loginCSRFCookie, in: request.headers) ?? ""
        guard let sent = form["csrf"], !cookie.isEmpty, SessionCookie.constantTimeEquals(sent, cookie) else {
            return showForm(
                request, status: .forbidden,
                error: zh ? "登录表单已失效，请重试" : "The sign-in form expired or was not ours; please try again")
        }
        do {
            let signedIn = try await access.signIn(
                username: form["username"] ?? "", password: form["password"] ?? "",
                source: clientAddress(request, context: context))
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
                error: zh
                    ? "登录失败次数过多，请 \((seconds + 59) / 60) 分钟后再试"
                    : "Too many failed sign-ins; try again in \((seconds + 59) / 60) minutes")
            response.headers[.retryAfter] = String(seconds)
            return response
        } catch AppError.unauthenticated(let message) {
            return showForm(request, status: .unauthorized, error: message.text(in: language(request)))
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
            return HTMLPage.response(
                .forbidden, title: "CSRF", language: "en", body: "<p class=\"error\">Missing or forged CSRF token</p>")
        }
        try await access.signOut(secret: secret, by: caller)
        return Response(status: .seeOther, headers: headers)
    }

    /// The console's front page until the full console arrives (issue 4):
    /// who is signed in, with which roles, and a sign-out button.
    private func home(_ request: Request) async throws -> Response {
        guard let secret = SessionCookie.value(in: request.headers),
            let (caller, session) = try? await access.caller(forSession: secret),
            let member = try await access.currentMember(of: caller)
        else {
            return Response(status: .seeOther, headers: [.location: "/login?next=/console"])
        }
        let zh = language(request) == .zhHans
        let roles = member.grants.map { grant in
            let stores: String =
                switch grant.scope {
                case .allStores: zh ? "全部门店" : "all stores"
                case .stores(let codes): codes.sorted().joined(separator: ", ")
                }
            return
                "<li>\(HTMLPage.escape(grant.role.label.text(in: zh ? .zhHans : .en))) · \(HTMLPage.escape(stores))</li>"
        }
        let body = """
            <h1>\(zh ? "您好" : "Hello"), \(HTMLPage.escape(member.displayName))</h1>
            <dl><dt>\(zh ? "用户名" : "User name")</dt><dd>\(HTMLPage.escape(member.username))</dd></dl>
            <ul>\(roles.joined())</ul>
            <form method="post" action="/logout">
            <input type="hidden" name="csrf" value="\(HTMLPage.escape(session.csrfToken))">
            <button type="submit">\(zh ? "退出登录" : "Sign out")</button>
            </form>
            """
        return HTMLPage.response(.ok, title: "OrderFlow", language: zh ? "zh-Hans" : "en", body: body)
    }

    /// Behind a trusted proxy, the first address of `X-Forwarded-For`.
    private func clientAddress(_ request: Request, context: OrderFlowRequestContext) -> String {
        guard trustForwardedFor, let forwarded = request.headers[.forwardedFor],
            let first = forwarded.split(separator: ",").first?.trimmingCharacters(in: .whitespaces), !first.isEmpty
        else { return context.clientAddress }
        return String(first.prefix(64))
    }

    private func language(_ request: Request) -> Language {
        Language.preferred(fromAcceptLanguage: request.headers[.acceptLanguage])
    }

    /// Cookies get `Secure` when the site is served over TLS: configured, or
    /// said by the TLS-terminating proxy in front.
    private func isSecure(_ request: Request) -> Bool {
        secureCookies || request.headers[.forwardedProto]?.lowercased() == "https"
    }
}

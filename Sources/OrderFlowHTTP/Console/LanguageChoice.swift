import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// Choosing the console's language: a signed-in person's own choice is kept
/// with their account; anyone's with the browser (a cookie).
extension ConsoleRoutes {
    func addLanguageRoutes(to router: ChapterRoutes) {
        router.get("/lang/:tag") { request, context in switchLanguage(request, tag: context.parameters.get("tag")) }
        router.page("/console/language", method: .post, of: self) { request, _, visit in
            try await choosePersonalLanguage(request, visit)
        }
    }

    /// A signed-in person's choice: kept with their account and in this browser.
    private func choosePersonalLanguage(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        guard let form = await ConsoleForm.read(request),
            ConsoleGate.checkCSRF(form.mapValues { $0.first ?? "" }, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        let language = (form["language"]?.first).flatMap(Language.init(tag:)) ?? visit.language
        try await access.setPreferredLanguage(language, by: visit.caller)
        return ConsoleRenderer.redirect(
            SignInPolicy.safeRedirect(form["next"]?.first, home: "/console/orders"),
            headers: [.setCookie: Self.languageCookie(language)])
    }

    static func languageCookie(_ language: Language) -> String {
        "\(ConsoleGate.languageCookie)=\(language.rawValue); Path=/; Max-Age=31536000; SameSite=Lax"
    }

    /// Sets the language cookie and goes back (only to a page of this site).
    private func switchLanguage(_ request: Request, tag: String?) -> Response {
        let language = tag.flatMap(Language.init(tag:)) ?? .zhHans
        let next = SignInPolicy.safeRedirect(request.uri.queryParameters["next"].map(String.init))
        return ConsoleRenderer.redirect(
            next,
            headers: [.setCookie: Self.languageCookie(language)])
    }
}

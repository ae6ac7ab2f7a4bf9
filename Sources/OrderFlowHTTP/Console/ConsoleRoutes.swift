import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// The staff console (issue 4): server-rendered pages over the same use
/// cases as the API. Each page's handler lives with its chapter
/// (`Intake/Console+…`, `Stores/Console+…`, `Access/Console+…`); this file
/// only registers them. Every page resolves the signed-in person first and
/// every form post checks the session's CSRF token.
struct ConsoleRoutes: Sendable, UsesServices {
    let gate: ConsoleGate
    let renderer: ConsoleRenderer
    let services: OrderFlowServices
    /// How long a live-alerts stream stays open (`AppConfig.alertStreamSeconds`).
    var alertStreamSeconds = 300

    func register(on router: Router<OrderFlowRequestContext>) {
        registerAfterSales(on: router)
        router.get("/console/orders") { request, _ in try await signedIn(request) { try await orderList(request, $0) } }
        router.get("/console/orders/new") { request, _ in
            try await signedIn(request) { try await newOrderForm(request, $0) }
        }
        router.post("/console/orders") { request, _ in
            try await signedIn(request) { try await submitOrder(request, $0) }
        }
        router.get("/console/orders/:ref") { request, context in
            try await signedIn(request) { visit in
                // After a decision the page says what happened.
                let done = request.uri.queryParameters["done"].map { "order_done_\($0)" }
                return try await orderDetail(
                    context.parameters.get("ref") ?? "", visit, notice: done.flatMap { visit.t[$0] })
            }
        }
        router.post("/console/orders/:ref/:decision") { request, context in
            try await signedIn(request) {
                try await decide(
                    request, ref: context.parameters.get("ref") ?? "",
                    decision: context.parameters.get("decision") ?? "", $0)
            }
        }
        router.post("/console/orders/:ref/clock/:action") { request, context in
            try await signedIn(request) {
                try await changeClock(
                    request, reference: context.parameters.get("ref") ?? "",
                    action: context.parameters.get("action") ?? "", $0)
            }
        }
        router.get("/console/review") { request, _ in try await signedIn(request) { try await reviewQueue(request, $0) }
        }
        router.get("/console/staff") { request, _ in try await signedIn(request) { try await staffList($0) } }
        router.post("/console/staff") { request, _ in try await signedIn(request) { try await createStaff(request, $0) }
        }
        router.get("/console/staff/:username") { request, context in
            try await signedIn(request) { visit in
                let done = request.uri.queryParameters["done"].map { "staff_done_\($0)" }
                return try await staffMember(
                    context.parameters.get("username") ?? "", visit, notice: done.flatMap { visit.t[$0] })
            }
        }
        router.post("/console/staff/:username/:change") { request, context in
            try await signedIn(request) {
                try await changeStaff(
                    request, username: context.parameters.get("username") ?? "",
                    change: context.parameters.get("change") ?? "", $0)
            }
        }
        router.get("/console/stores") { request, _ in
            try await signedIn(request) { visit in
                let done = request.uri.queryParameters["done"].map { "stores_done_\($0)" }
                return try await storeList(visit, notice: done.flatMap { visit.t[$0] })
            }
        }
        router.get("/console/stores/:code") { request, context in
            try await signedIn(request) { visit in
                let done = request.uri.queryParameters["done"].map { "stores_done_\($0)" }
                return try await storeHours(
                    context.parameters.get("code") ?? "", visit, notice: done.flatMap { visit.t[$0] })
            }
        }
        router.post("/console/stores/:code") { request, context in
            try await signedIn(request) {
                try await saveStoreHours(request, code: context.parameters.get("code") ?? "", $0)
            }
        }
        router.get("/console/catalog/:code/preparation") { request, context in
            try await signedIn(request) { try await preparationPage(context.parameters.get("code") ?? "", $0) }
        }
        router.post("/console/catalog/:code/preparation") { request, context in
            try await signedIn(request) {
                try await savePreparation(request, code: context.parameters.get("code") ?? "", $0)
            }
        }
        router.post("/console/catalog/:code") { request, context in
            try await signedIn(request) {
                try await updateItem(request, code: context.parameters.get("code") ?? "", $0)
            }
        }
        router.get("/console/dispatch") { request, _ in
            try await signedIn(request) { visit in
                let done = request.uri.queryParameters["done"].map { "dispatch_done_\($0)" }
                return try await dispatchBoard(request, visit, notice: done.flatMap { visit.t[$0] })
            }
        }
        router.get("/console/dispatch/stamp") { request, _ in
            try await signedIn(request) { try await dispatchStamp(request, $0) }
        }
        router.post("/console/dispatch/assignment") { request, _ in
            try await signedIn(request) { try await changeAssignment(request, $0) }
        }
        router.post("/console/dispatch/plan") { request, _ in
            try await signedIn(request) { try await planDay(request, $0) }
        }
        router.get("/console/dispatch/settings") { request, _ in
            try await signedIn(request) { try await dispatchSettings(request, $0) }
        }
        router.post("/console/dispatch/settings") { request, _ in
            try await signedIn(request) { try await saveDispatchSettings(request, $0) }
        }
        router.get("/console/jobs") { request, _ in try await signedIn(request) { try await jobList(request, $0) } }
        router.get("/console/jobs/:ref") { request, context in
            try await signedIn(request) { visit in
                let done = request.uri.queryParameters["done"].map { "job_done_\($0)" }
                return try await jobPage(
                    context.parameters.get("ref") ?? "", visit, notice: done.flatMap { visit.t[$0] })
            }
        }
        router.post("/console/jobs/:ref/:action") { request, context in
            try await signedIn(request) {
                try await jobAction(
                    request, reference: context.parameters.get("ref") ?? "",
                    action: context.parameters.get("action") ?? "", $0)
            }
        }
        router.get("/console/alerts") { request, _ in try await signedIn(request) { try await alertsPage(request, $0) }
        }
        router.get("/console/alerts/stream") { request, _ in try await signedIn(request) { try await alertStream($0) } }
        router.post("/console/alerts/:id/acknowledge") { request, context in
            try await signedIn(request) {
                try await acknowledgeAlert(request, id: context.parameters.get("id") ?? "", $0)
            }
        }
        router.get("/console/notifications") { request, _ in
            try await signedIn(request) { try await notificationsPage(request, $0) }
        }
        router.post("/console/notifications/:id/retry") { request, context in
            try await signedIn(request) { try await retryDelivery(request, id: context.parameters.get("id") ?? "", $0) }
        }
        router.post("/console/orders/:ref/aftercare/:action") { request, context in
            try await signedIn(request) {
                try await aftercareAction(
                    request, reference: context.parameters.get("ref") ?? "",
                    action: context.parameters.get("action") ?? "", $0)
            }
        }
        router.get("/console/follow-ups") { request, _ in
            try await signedIn(request) { try await followUpsPage(request, $0) }
        }
        router.post("/console/follow-ups/:id/:action") { request, context in
            try await signedIn(request) {
                try await followUpAction(
                    request, id: context.parameters.get("id") ?? "", action: context.parameters.get("action") ?? "", $0)
            }
        }
        router.get("/console/problems") { request, _ in
            try await signedIn(request) { try await problemsPage(request, $0) }
        }
        router.get("/console/problems/:id") { request, context in
            try await signedIn(request) { try await problemPage(request, id: context.parameters.get("id") ?? "", $0) }
        }
        router.post("/console/problems/:id/:action") { request, context in
            try await signedIn(request) {
                try await problemAction(
                    request, id: context.parameters.get("id") ?? "", action: context.parameters.get("action") ?? "", $0)
            }
        }
        router.get("/console/reports/delays") { request, _ in
            try await signedIn(request) { try await delayReportPage(request, $0) }
        }
        router.get("/console/reports/delays.csv") { request, _ in
            try await signedIn(request) { try await delayReportCSV(request, $0) }
        }
        router.get("/lang/:tag") { request, context in switchLanguage(request, tag: context.parameters.get("tag")) }
        router.post("/console/language") { request, _ in
            try await signedIn(request) { try await choosePersonalLanguage(request, $0) }
        }
        router.get("/static/:file") { _, context in try StaticFiles.response(context.parameters.get("file") ?? "") }
        registerDelivery(on: router)
    }

    /// Runs a page for the signed-in person; anyone else goes to the login
    /// page and comes back here afterwards. A use case's refusal is shown
    /// as a page, in the person's language.
    func signedIn(_ request: Request, _ page: (ConsoleVisit) async throws -> Response) async throws
        -> Response
    {
        switch try await gate.visit(request) {
        case .signIn(let redirect): return redirect
        case .visit(let visit):
            do {
                return try await page(visit)
            } catch let error as AppError {
                return errorPage(error, visit)
            }
        }
    }

    /// A refusal a form shows above itself: field problems (422) or a
    /// conflict with the current state (409). Anything else is rethrown,
    /// for the error page.
    func formRefusal(_ error: AppError, _ visit: ConsoleVisit, namingFields: Bool = false) throws -> (
        HTTPResponse.Status, [String]
    ) {
        switch error {
        case .invalid(let problems):
            (
                .unprocessableContent,
                problems.map {
                    $0.message.text(in: visit.language) + (namingFields ? " (\($0.field))" : "")
                }
            )
        case .conflict(_, let message): (.conflict, [message.text(in: visit.language)])
        default: throw error
        }
    }

    func errorPage(_ error: AppError, _ visit: ConsoleVisit) -> Response {
        let (status, message): (HTTPResponse.Status, String) =
            switch error {
            case .notFound(let text): (.notFound, text.text(in: visit.language))
            case .forbidden(let text): (.forbidden, text.text(in: visit.language))
            case .conflict(_, let text): (.conflict, text.text(in: visit.language))
            case .versionMismatch: (.preconditionFailed, visit.t["error_changed"] ?? "")
            case .invalid(let problems):
                (.unprocessableContent, problems.map { $0.message.text(in: visit.language) }.joined(separator: " "))
            case .unauthenticated(let text): (.unauthorized, text.text(in: visit.language))
            case .idempotencyKeyReused: (.unprocessableContent, visit.t["error_resubmitted"] ?? "")
            case .tooManyAttempts: (.tooManyRequests, visit.t["error_tooMany"] ?? "")
            }
        return renderer.page(
            "error",
            ErrorPage(
                t: visit.t, chrome: visit.chrome(title: visit.t["error_title"] ?? "", current: ""), message: message),
            status: status)
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

struct ErrorPage: Sendable {
    let t: [String: String]
    let chrome: Chrome
    let message: String
}

/// The console's stylesheet and script, served from the bundle.
enum StaticFiles {
    static let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8"]

    static func response(_ name: String) throws -> Response {
        let parts = name.split(separator: ".")
        guard parts.count == 2, parts[0].allSatisfy({ $0.isLetter || $0 == "-" }),
            let type = types[String(parts[1])],
            let url = Bundle.module.url(forResource: "Static/\(parts[0])", withExtension: String(parts[1])),
            let data = try? Data(contentsOf: url)
        else { throw HTTPError(.notFound) }
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: .init(bytes: data)))
    }
}

import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// The console's shell (issue 4, issue 15): it adds every chapter's routes
/// (`Chapters.all`), the language choice and the static files, and runs each
/// page for its signed-in person. The pages live with their chapters.
struct ConsoleRoutes: Sendable, UsesServices {
    let gate: ConsoleGate
    let renderer: ConsoleRenderer
    let services: OrderFlowServices
    /// How long a live-alerts stream stays open (`AppConfig.alertStreamSeconds`).
    var alertStreamSeconds = 300
    /// Whether the booking page's per-address limit trusts `X-Forwarded-For`.
    var trustForwardedFor = false

    /// Adds every chapter's routes; two claiming one route fail here, at start.
    func register(on router: Router<OrderFlowRequestContext>, chapters: [any ConsoleChapter.Type] = Chapters.all)
        throws
    {
        try Chapters.check(chapters)
        var owners: [String: String] = [:]
        let shell = ChapterRoutes()
        addLanguageRoutes(to: shell)
        shell.get("/static/:file") { _, context in try StaticFiles.response(context.parameters.require("file")) }
        var all: [(name: String, routes: ChapterRoutes)] = [("console", shell)]
        for chapter in chapters {
            let routes = ChapterRoutes()
            chapter.init(console: self).addRoutes(to: routes)
            all.append((chapter.name, routes))
        }
        for (name, routes) in all {
            for key in routes.keys {
                if let first = owners[key] { throw ChapterClash(kind: "route", key: key, chapters: [first, name]) }
                owners[key] = name
            }
        }
        for (_, routes) in all { router.addRoutes(routes.collection) }
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
}

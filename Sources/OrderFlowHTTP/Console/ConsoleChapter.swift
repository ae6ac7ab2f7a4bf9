import HTTPTypes
import Hummingbird
import Logging
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore

/// One chapter of the procedure as the HTTP layer sees it: its console
/// pages (a `RouteCollection`), its entries in the console's navigation and
/// the access action of each of its API operations. The shell
/// (`ConsoleRoutes`) loops over `Chapters.all`; a chapter never edits
/// another's lists. See docs/architecture.md, "Adding a chapter".
protocol ConsoleChapter: UsesServices, SignsIn {
    /// The shell: signing in, rendering, the error page.
    var console: ConsoleRoutes { get }
    init(console: ConsoleRoutes)
    /// The chapter's name in messages about a clash of registrations.
    static var name: String { get }
    /// Its entries in the console's navigation, in the order shown.
    static var navigation: [NavigationEntry] { get }
    /// Its API operations (openapi.yaml `operationId`) and the action of
    /// `AccessPolicy` each is; merged into `OperationPolicy.actions`.
    static var operations: [String: AccessAction] { get }
    /// Adds its pages' routes.
    func addRoutes(to routes: ChapterRoutes)
    /// Its background work, run by the one `JobRunner` of the server.
    static func jobs(_ context: ChapterJobContext) -> [BackgroundJob]
}

/// What a chapter's background jobs are built from.
struct ChapterJobContext: Sendable {
    let database: any OrderFlowDatabase
    let logger: Logger
    let config: AppConfig
}

extension ConsoleChapter {
    static var navigation: [NavigationEntry] { [] }
    static var operations: [String: AccessAction] { [:] }
    func addRoutes(to routes: ChapterRoutes) {}
    static func jobs(_ context: ChapterJobContext) -> [BackgroundJob] { [] }

    var services: OrderFlowServices { console.services }
    var renderer: ConsoleRenderer { console.renderer }
    static var forgedForm: LocalizedText { ConsoleRoutes.forgedForm }

    func signedIn(_ request: Request, _ page: (ConsoleVisit) async throws -> Response) async throws -> Response {
        try await console.signedIn(request, page)
    }

    func formRefusal(_ error: AppError, _ visit: ConsoleVisit, namingFields: Bool = false) throws -> (
        HTTPResponse.Status, [String]
    ) {
        try console.formRefusal(error, visit, namingFields: namingFields)
    }

    func errorPage(_ error: AppError, _ visit: ConsoleVisit) -> Response { console.errorPage(error, visit) }

    /// Another chapter, for a page that shows its section (the order page
    /// shows delivery, follow-ups and claims) or that a form re-displays.
    func chapter<Other: ConsoleChapter>(_ other: Other.Type) -> Other { Other(console: console) }
}

/// One entry of the console's navigation: shown to whoever may take
/// `action` somewhere (and passes `shownTo`, when a chapter narrows it).
struct NavigationEntry: Sendable {
    let key: String
    let href: String
    let action: AccessAction
    /// The live count of open alerts rides on this entry (console.js).
    var alertBadge = false
    var shownTo: @Sendable (Caller) -> Bool = { _ in true }
}

/// What runs a console page for its signed-in person: the shell, and every
/// chapter through it.
protocol SignsIn: Sendable {
    func signedIn(_ request: Request, _ page: (ConsoleVisit) async throws -> Response) async throws -> Response
}

extension ConsoleRoutes: SignsIn {}

extension ChapterRoutes {
    /// A console page (GET, or a form's POST) for the signed-in person;
    /// anyone else is sent to sign in and back.
    func page(
        _ path: RouterPath, method: HTTPRequest.Method = .get, of pages: some SignsIn,
        _ handler: @escaping @Sendable (Request, Parameters, ConsoleVisit) async throws -> Response
    ) {
        on(path, method: method) { request, context in
            try await pages.signedIn(request) { try await handler(request, context.parameters, $0) }
        }
    }
}

/// The routes a chapter adds, kept with their method and path so that two
/// chapters claiming one route fail at start (`ChapterClash`).
final class ChapterRoutes: RouterMethods {
    typealias Context = OrderFlowRequestContext
    let collection = RouteCollection(context: OrderFlowRequestContext.self)
    /// "GET /console/orders/{}" — a capture's name does not tell routes apart.
    private(set) var keys: [String] = []

    @discardableResult func on<Responder: HTTPResponder>(
        _ path: RouterPath, method: HTTPRequest.Method, responder: Responder
    ) -> Self where Responder.Context == Context {
        keys.append("\(method) \(path.description.replacing(/\{[^}]*\}/, with: "{}"))")
        _ = collection.on(path, method: method, responder: responder)
        return self
    }

    @discardableResult func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self {
        collection.add(middleware: middleware)
        return self
    }
}

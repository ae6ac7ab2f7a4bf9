import Foundation
import Hummingbird
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@testable import OrderFlowHTTP

/// Issue 15: chapters plug themselves in, and two claiming one operation,
/// navigation entry or route stop the server at start.
@Suite struct ChapterRegistrationTests {
    /// A chapter that claims what Intake already has.
    struct Copycat: ConsoleChapter {
        let console: ConsoleRoutes
        static let name = "copycat"
        static let operations: [String: AccessAction] = ["createOrder": .createOrder]
    }

    struct SameMenu: ConsoleChapter {
        let console: ConsoleRoutes
        static let name = "sameMenu"
        static let navigation = [NavigationEntry(key: "review", href: "/console/review-again", action: .readOrder)]
    }

    struct SameRoute: ConsoleChapter {
        let console: ConsoleRoutes
        static let name = "sameRoute"
        func addRoutes(to router: ChapterRoutes) {
            // Another capture name, the same route.
            router.get("/console/jobs/:number") { _, _ in "twin" }
        }
    }

    struct SameJob: ConsoleChapter {
        let console: ConsoleRoutes
        static let name = "sameJob"
        static func jobs(_ context: ChapterJobContext) -> [BackgroundJob] {
            [BackgroundJob(name: "notifications", interval: .seconds(1)) {}]
        }
    }

    @Test func aJobNameUsedTwiceStopsTheStart() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let context = ChapterJobContext(database: database, logger: TestDatabase.logger, config: AppConfig())
            let names = try Chapters.jobs(context).map(\.name)
            #expect(Set(["stage-deadlines", "claim-deadlines", "notifications"]).isSubset(of: names))
            #expect(Set(names).count == names.count)
            #expect(throws: ChapterClash(kind: "job", key: "notifications", chapters: ["notifications", "sameJob"])) {
                try Chapters.jobs(context, of: [NotificationsChapter.self, SameJob.self])
            }
        }
    }

    @Test func theChaptersAsShippedHaveNoClash() throws {
        try Chapters.check()
        #expect(Chapters.navigation.map(\.key).first == "orders")
        #expect(Chapters.operations["createOrder"] == .createOrder)
        #expect(OperationPolicy.actions.count == Chapters.all.map { $0.operations.count }.reduce(0, +))
    }

    @Test func anOperationClaimedTwiceIsRefused() {
        #expect(
            throws: ChapterClash(kind: "operation", key: "createOrder", chapters: ["intake", "copycat"])
        ) { try Chapters.check([IntakeChapter.self, Copycat.self]) }
    }

    @Test func aNavigationEntryClaimedTwiceIsRefused() {
        #expect(throws: ChapterClash(kind: "navigation", key: "nav review", chapters: ["intake", "sameMenu"])) {
            try Chapters.check([IntakeChapter.self, SameMenu.self])
        }
    }

    @Test func aRouteClaimedTwiceStopsTheStart() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let renderer = try await ConsoleRenderer.bundled()
            let services = OrderFlowServices(
                database: database, environment: .live, logger: TestDatabase.logger,
                storage: FileAttachmentStorage(directory: FileManager.default.temporaryDirectory))
            let shell = ConsoleRoutes(
                gate: ConsoleGate(access: services.access, renderer: renderer), renderer: renderer, services: services)
            let router = Router(context: OrderFlowRequestContext.self)
            #expect(throws: ChapterClash(kind: "route", key: "GET /console/jobs/{}", chapters: ["jobs", "sameRoute"])) {
                try shell.register(on: router, chapters: [JobsChapter.self, SameRoute.self])
            }
            try shell.register(on: Router(context: OrderFlowRequestContext.self))
        }
    }
}

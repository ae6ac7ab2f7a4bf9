import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// §4 Tracking: the stage clock and its alerts (R4.4, R4.5), follow-ups and
/// feedback (R4.2, R4.3), problem cases (R4.7, R4.8) and the delay report
/// (R4.6).
struct TrackingChapter: ConsoleChapter {
    let console: ConsoleRoutes
    static let name = "tracking"

    static let navigation = [
        NavigationEntry(key: "alerts", href: "/console/alerts", action: .handleAlerts, alertBadge: true),
        NavigationEntry(key: "followUps", href: "/console/follow-ups", action: .handleFollowUps),
        NavigationEntry(key: "problems", href: "/console/problems", action: .handleProblemCases),
        NavigationEntry(key: "delays", href: "/console/reports/delays", action: .readDelayAnalysis),
    ]

    static let operations: [String: AccessAction] = [
        "getTimeLimits": .readTimeLimits,
        "updateTimeLimits": .manageTimeLimits,
        "pauseStageClock": .pauseStageClock,
        "resumeStageClock": .pauseStageClock,
        "listAlerts": .handleAlerts,
        "acknowledgeAlert": .handleAlerts,
        "listOrderFollowUps": .readOrder,
        "createFollowUp": .handleFollowUps,
        "listFollowUps": .handleFollowUps,
        "logFollowUpContact": .handleFollowUps,
        "closeFollowUp": .handleFollowUps,
        "listOrderFeedback": .readOrder,
        "recordFeedback": .recordFeedback,
        "openProblemCase": .handleProblemCases,
        "listProblemCases": .handleProblemCases,
        "getProblemCase": .handleProblemCases,
        "updateProblemCase": .handleProblemCases,
        "resolveProblemCase": .handleProblemCases,
        "getDelayReport": .readDelayAnalysis,
        "getDelayReportCSV": .readDelayAnalysis,
    ]

    /// The stage clocks' scan (with lapsed acceptance periods) and the claims' limits.
    static func jobs(_ context: ChapterJobContext) -> [BackgroundJob] {
        let monitor = DeadlineMonitor(
            database: context.database, logger: context.logger, interval: context.config.deadlineScanInterval)
        return [monitor.job(), monitor.claimsJob()]
    }

    func addRoutes(to router: ChapterRoutes) {
        router.post("/console/orders/:ref/clock/:action") { request, context in
            try await signedIn(request) {
                try await changeClock(
                    request, reference: context.parameters.require("ref"),
                    action: context.parameters.require("action"), $0)
            }
        }
        router.get("/console/alerts") { request, _ in try await signedIn(request) { try await alertsPage(request, $0) }
        }
        router.get("/console/alerts/stream") { request, _ in try await signedIn(request) { try await alertStream($0) } }
        router.post("/console/alerts/:id/acknowledge") { request, context in
            try await signedIn(request) {
                try await acknowledgeAlert(request, id: context.parameters.require("id"), $0)
            }
        }
        router.post("/console/orders/:ref/tracking/:action") { request, context in
            try await signedIn(request) {
                try await orderFollowUpAction(
                    request, reference: context.parameters.require("ref"),
                    action: context.parameters.require("action"), $0)
            }
        }
        router.get("/console/follow-ups") { request, _ in
            try await signedIn(request) { try await followUpsPage(request, $0) }
        }
        router.post("/console/follow-ups/:id/:action") { request, context in
            try await signedIn(request) {
                try await followUpAction(
                    request, id: context.parameters.require("id"), action: context.parameters.require("action"), $0)
            }
        }
        router.get("/console/problems") { request, _ in
            try await signedIn(request) { try await problemsPage(request, $0) }
        }
        router.get("/console/problems/:id") { request, context in
            try await signedIn(request) { try await problemPage(request, id: context.parameters.require("id"), $0) }
        }
        router.post("/console/problems/:id/:action") { request, context in
            try await signedIn(request) {
                try await problemAction(
                    request, id: context.parameters.require("id"), action: context.parameters.require("action"), $0)
            }
        }
        router.get("/console/reports/delays") { request, _ in
            try await signedIn(request) { try await delayReportPage(request, $0) }
        }
        router.get("/console/reports/delays.csv") { request, _ in
            try await signedIn(request) { try await delayReportCSV(request, $0) }
        }
    }
}

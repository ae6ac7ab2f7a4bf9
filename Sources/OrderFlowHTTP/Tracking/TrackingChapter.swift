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
        router.page("/console/orders/:ref/clock/:action", method: .post, of: self) { request, parameters, visit in
            try await changeClock(
                request, reference: parameters.require("ref"),
                action: parameters.require("action"), visit)
        }
        router.page("/console/alerts", of: self) { request, _, visit in
            try await alertsPage(request, visit)
        }
        router.page("/console/alerts/stream", of: self) { request, _, visit in
            try await alertStream(visit)
        }
        router.page("/console/alerts/:id/acknowledge", method: .post, of: self) { request, parameters, visit in
            try await acknowledgeAlert(request, id: parameters.require("id"), visit)
        }
        router.page("/console/orders/:ref/tracking/:action", method: .post, of: self) { request, parameters, visit in
            try await orderFollowUpAction(
                request, reference: parameters.require("ref"),
                action: parameters.require("action"), visit)
        }
        router.page("/console/follow-ups", of: self) { request, _, visit in
            try await followUpsPage(request, visit)
        }
        router.page("/console/follow-ups/:id/:action", method: .post, of: self) { request, parameters, visit in
            try await followUpAction(
                request, id: parameters.require("id"), action: parameters.require("action"), visit)
        }
        router.page("/console/problems", of: self) { request, _, visit in
            try await problemsPage(request, visit)
        }
        router.page("/console/problems/:id", of: self) { request, parameters, visit in
            try await problemPage(request, id: parameters.require("id"), visit)
        }
        router.page("/console/problems/:id/:action", method: .post, of: self) { request, parameters, visit in
            try await problemAction(
                request, id: parameters.require("id"), action: parameters.require("action"), visit)
        }
        router.page("/console/reports/delays", of: self) { request, _, visit in
            try await delayReportPage(request, visit)
        }
        router.page("/console/reports/delays.csv", of: self) { request, _, visit in
            try await delayReportCSV(request, visit)
        }
    }
}

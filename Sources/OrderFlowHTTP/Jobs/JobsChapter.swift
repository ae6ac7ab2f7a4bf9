import Hummingbird
import OrderFlowCore

/// §3 Preparation and service records: the technician's jobs.
struct JobsChapter: ConsoleChapter {
    let console: ConsoleRoutes
    static let name = "jobs"

    static let navigation = [NavigationEntry(key: "jobs", href: "/console/jobs", action: .workOnJob)]

    static let operations: [String: AccessAction] = [
        "listMyJobs": .workOnJob,
        "getJob": .readOrder,
        "logCustomerContact": .workOnJob,
        "requestSiteSurvey": .workOnJob,
        "tickChecklistEntry": .workOnJob,
        "checkIn": .workOnJob,
        "checkOut": .workOnJob,
        "submitServiceRecord": .workOnJob,
    ]

    func addRoutes(to router: ChapterRoutes) {
        router.get("/console/jobs") { request, _ in try await signedIn(request) { try await jobList(request, $0) } }
        router.get("/console/jobs/:ref") { request, context in
            try await signedIn(request) { visit in
                try await jobPage(context.parameters.require("ref"), visit, notice: visit.doneNotice(request, "job"))
            }
        }
        router.post("/console/jobs/:ref/:action") { request, context in
            try await signedIn(request) {
                try await jobAction(
                    request, reference: context.parameters.require("ref"),
                    action: context.parameters.require("action"), $0)
            }
        }
    }
}

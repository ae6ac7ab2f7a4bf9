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
        router.page("/console/jobs", of: self) { request, _, visit in
            try await jobList(request, visit)
        }
        router.page("/console/jobs/:ref", of: self) { request, parameters, visit in
            try await jobPage(parameters.require("ref"), visit, notice: visit.doneNotice(request, "job"))
        }
        router.page("/console/jobs/:ref/:action", method: .post, of: self) { request, parameters, visit in
            try await jobAction(
                request, reference: parameters.require("ref"),
                action: parameters.require("action"), visit)
        }
    }
}

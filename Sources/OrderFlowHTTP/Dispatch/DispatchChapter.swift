import Hummingbird
import OrderFlowCore

/// §3 Dispatch in the console and the API: the board, day plans and the
/// dispatch settings.
struct DispatchChapter: ConsoleChapter {
    let console: ConsoleRoutes
    static let name = "dispatch"

    static let navigation = [
        NavigationEntry(key: "dispatch", href: "/console/dispatch", action: .readDispatchBoard)
    ]

    static let operations: [String: AccessAction] = [
        "getDispatchBoard": .readDispatchBoard,
        "getDispatchSettings": .readDispatchBoard,
        "updateDispatchSettings": .manageDispatchSettings,
        "planDispatchDay": .assignOrder,
        "suggestAssignment": .readDispatchBoard,
        "assignOrder": .assignOrder,
        "withdrawAssignment": .assignOrder,
    ]

    func addRoutes(to router: ChapterRoutes) {
        router.page("/console/dispatch", of: self) { request, _, visit in
            try await dispatchBoard(request, visit, notice: visit.doneNotice(request, "dispatch"))
        }
        router.page("/console/dispatch/stamp", of: self) { request, _, visit in
            try await dispatchStamp(request, visit)
        }
        router.page("/console/dispatch/assignment", method: .post, of: self) { request, _, visit in
            try await changeAssignment(request, visit)
        }
        router.page("/console/dispatch/plan", method: .post, of: self) { request, _, visit in
            try await planDay(request, visit)
        }
        router.page("/console/dispatch/settings", of: self) { request, _, visit in
            try await dispatchSettings(request, visit)
        }
        router.page("/console/dispatch/settings", method: .post, of: self) { request, _, visit in
            try await saveDispatchSettings(request, visit)
        }
    }
}

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
        router.get("/console/dispatch") { request, _ in
            try await signedIn(request) { visit in
                try await dispatchBoard(request, visit, notice: visit.doneNotice(request, "dispatch"))
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
    }
}

import Hummingbird
import OrderFlowCore

/// Staff accounts, roles and technician profiles (§1, §3 skills, §9 marks).
struct StaffChapter: ConsoleChapter {
    let console: ConsoleRoutes
    static let name = "staff"

    static let navigation = [NavigationEntry(key: "staff", href: "/console/staff", action: .readStaff)]

    static let operations: [String: AccessAction] = [
        "listStaff": .readStaff,
        "getStaffMember": .readStaff,
        "createStaffMember": .manageStaff,
        "setStaffRoles": .manageStaff,
        "disableStaffMember": .manageStaff,
        "resetStaffPassword": .manageStaff,
        "getTechnicianProfile": .readStaff,
        "listAssessmentMarks": .readAssessmentMarks,
        "saveTechnicianProfile": .manageStaff,
    ]

    func addRoutes(to router: ChapterRoutes) {
        router.get("/console/staff") { request, _ in try await signedIn(request) { try await staffList($0) } }
        router.post("/console/staff") { request, _ in try await signedIn(request) { try await createStaff(request, $0) }
        }
        router.get("/console/staff/:username") { request, context in
            try await signedIn(request) { visit in
                try await staffMember(
                    context.parameters.require("username"), visit, notice: visit.doneNotice(request, "staff"))
            }
        }
        router.post("/console/staff/:username/:change") { request, context in
            try await signedIn(request) {
                try await changeStaff(
                    request, username: context.parameters.require("username"),
                    change: context.parameters.require("change"), $0)
            }
        }
    }
}

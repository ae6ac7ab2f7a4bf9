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
        router.page("/console/staff", of: self) { request, _, visit in
            try await staffList(visit)
        }
        router.page("/console/staff", method: .post, of: self) { request, _, visit in
            try await createStaff(request, visit)
        }
        router.page("/console/staff/:username", of: self) { request, parameters, visit in
            try await staffMember(
                parameters.require("username"), visit, notice: visit.doneNotice(request, "staff"))
        }
        router.page("/console/staff/:username/:change", method: .post, of: self) { request, parameters, visit in
            try await changeStaff(
                request, username: parameters.require("username"),
                change: parameters.require("change"), visit)
        }
    }
}

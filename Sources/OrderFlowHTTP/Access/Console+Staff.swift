import Foundation
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// The staff of the stores the person may see, with their roles.
extension ConsoleRoutes {
    struct StaffPage: Sendable {
        let t: [String: String]
        let chrome: Chrome
        let rows: [StaffRow]
    }

    struct StaffRow: Sendable {
        let username: String
        let displayName: String
        let roles: String
        let active: Bool
    }

    func staffList(_ visit: ConsoleVisit) async throws -> Response {
        let members = try await access.staff(by: visit.caller)
        let rows = members.map { member in
            StaffRow(
                username: member.username, displayName: member.displayName,
                roles: member.grants.map { grant in
                    let stores: String =
                        switch grant.scope {
                        case .allStores: visit.t["staff_allStores"] ?? "*"
                        case .stores(let codes): codes.sorted().joined(separator: ", ")
                        }
                    return "\(grant.role.label.text(in: visit.language)) (\(stores))"
                }.joined(separator: "; "),
                active: member.isActive)
        }
        return renderer.page(
            "staff",
            StaffPage(
                t: visit.t, chrome: visit.chrome(title: visit.t["staff_title"] ?? "", current: "staff"), rows: rows))
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// Staff administration: the people of the stores the person may see, a
/// form to open an account with a role, and each account's page to change
/// its role, disable it, and read a technician's profile.
extension StaffChapter {
    struct StaffPage: Sendable {
        let notice: String?
        let rows: [StaffRow]
        let canManage: Bool
        let roles: [Choice]
        let stores: [Choice]
        let fields: [String: FormField]
        let problems: [String]
    }

    struct StaffRow: Sendable {
        let username: String
        let link: String
        let displayName: String
        let roles: String
        let active: Bool
    }

    func staffList(
        _ visit: ConsoleVisit, notice: String? = nil, values: [String: String] = [:],
        problems: [FieldProblem] = [], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let members = try await access.staff(by: visit.caller)
        var errors: [String: String] = [:]
        var general: [String] = []
        for problem in problems {
            let key = ["username", "displayName", "password", "grants"].first { problem.field.hasPrefix($0) }
            if let key {
                errors[key] = [errors[key], problem.message.text(in: visit.language)].compactMap { $0 }.joined(
                    separator: " ")
            } else {
                general.append(problem.message.text(in: visit.language))
            }
        }
        let page = StaffPage(
            notice: notice,
            rows: members.map { Self.row($0, visit) }, canManage: visit.caller.mayAtAll(.manageStaff),
            roles: Self.roleChoices(visit, selected: values["role"]),
            stores: try await manageableStores(visit, selected: values["stores"]),
            fields: Dictionary(
                uniqueKeysWithValues: ["username", "displayName", "password", "grants"].map {
                    ($0, FormField(value: $0 == "password" ? "" : values[$0] ?? "", error: errors[$0]))
                }),
            problems: general)
        return renderer.page(
            "staff", visit.frame(title: visit.t["staff_title"] ?? "", current: "staff"), page, status: status)
    }

    func createStaff(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        guard let form = await ConsoleForm.read(request),
            ConsoleGate.checkCSRF(form.mapValues { $0.first ?? "" }, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        let first = form.mapValues { $0.first ?? "" }
        let grants = Self.grants(role: first["role"] ?? "", stores: form["stores"] ?? [])
        do {
            let member = try await access.addStaff(
                .init(
                    username: first["username"] ?? "", displayName: first["displayName"] ?? "",
                    password: (first["password"] ?? "").isEmpty ? nil : first["password"], grants: grants),
                by: visit.caller)
            return ConsoleRenderer.redirect("/console/staff/\(member.username)?done=created")
        } catch AppError.invalid(let problems) {
            var values = first
            values["stores"] = (form["stores"] ?? []).joined(separator: ",")
            return try await staffList(visit, values: values, problems: problems, status: .unprocessableContent)
        } catch AppError.conflict(_, let message) {
            return try await staffList(
                visit, values: first,
                problems: [FieldProblem(field: "username", code: "staff.usernameTaken", message: message)],
                status: .conflict)
        }
    }

    struct StaffMemberPage: Sendable {
        let notice: String?
        let member: StaffRow
        let version: Int
        let canManage: Bool
        let isSelf: Bool
        let roles: [Choice]
        let stores: [Choice]
        let error: String?
        let technician: TechnicianSummary?
        /// The assessment record (R4.7), for those who may read it.
        let marks: MarksSection?
    }

    struct MarksSection: Sendable {
        let totalPoints: Int
        let items: [MarkRow]
        let hasItems: Bool
    }

    struct MarkRow: Sendable {
        let caseId: String
        let when: String
        let order: String
        let orderHref: String
        let kind: String
        let points: Int
        let note: String
    }

    struct TechnicianSummary: Sendable {
        let skills: [String]
        let qualifications: [String]
        let teams: String
        let shifts: [String]
        let exceptions: [String]
    }

    func staffMember(
        _ username: String, _ visit: ConsoleVisit, notice: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let member = try await access.staffMember(username, by: visit.caller)
        var summary: TechnicianSummary?
        if member.grants.contains(where: { $0.role == .technician }) {
            let profile = try await access.technicianProfile(username, by: visit.caller)
            let today = LocalDate(access.now, in: ConsoleDates.calendar(ConsoleDates.headOffice))
            summary = TechnicianSummary(
                skills: profile.skills.map { "\($0.skill) · L\($0.level) · \($0.yearsOfExperience)y" },
                qualifications: profile.qualifications.map { item in
                    let expiry = item.expiresOn.map { " → \($0)" } ?? ""
                    let state = item.isValid(on: today) ? "" : " (\(visit.t["staff_expired"] ?? ""))"
                    return "\(item.name)\(expiry)\(state)"
                },
                teams: profile.teams.joined(separator: ", "),
                shifts: profile.weeklyShifts.byWeekday.sorted { $0.key < $1.key }.map {
                    "\(visit.t["weekday_\($0.key)"] ?? "") \($0.value.opens)–\($0.value.closes)"
                },
                exceptions: profile.exceptions.map {
                    "\($0.date) \(visit.t["staff_exception_\($0.kind.rawValue)"] ?? "")\($0.note.map { " · \($0)" } ?? "")"
                })
        }
        var marks: MarksSection?
        if member.grants.contains(where: { $0.role == .technician }), visit.caller.mayAtAll(.readAssessmentMarks),
            let found = try? await tracking.assessmentMarks(ofUsername: username, by: visit.caller)
        {
            let rows = found.map { mark in
                MarkRow(
                    caseId: mark.caseID.uuidString.lowercased(),
                    when: ConsoleDates.instant(mark.at, in: ConsoleDates.headOffice),
                    order: mark.orderNumber,
                    orderHref: "/console/orders/\(ConsoleForm.percentEncoded(mark.orderNumber))",
                    kind: mark.kind.label.text(in: visit.language), points: mark.points, note: mark.note)
            }
            marks = MarksSection(totalPoints: found.reduce(0) { $0 + $1.points }, items: rows, hasItems: !rows.isEmpty)
        }
        let current = member.grants.first
        let currentStores: String =
            switch current?.scope {
            case .stores(let codes): codes.sorted().joined(separator: ",")
            case .allStores, nil: ""
            }
        let page = StaffMemberPage(
            notice: notice, member: Self.row(member, visit), version: member.version,
            canManage: AccessPolicy.mayManage(accountWith: member.grants, by: visit.caller),
            isSelf: member.id == visit.caller.staffID,
            roles: Self.roleChoices(visit, selected: current?.role.rawValue),
            stores: try await manageableStores(visit, selected: currentStores), error: error, technician: summary,
            marks: marks)
        return renderer.page(
            "staff-member", visit.frame(title: "\(member.displayName) (\(member.username))", current: "staff"), page,
            status: status)
    }

    /// Change the role, or disable the account, from its page.
    func changeStaff(_ request: Request, username: String, change: String, _ visit: ConsoleVisit) async throws
        -> Response
    {
        guard let form = await ConsoleForm.read(request),
            ConsoleGate.checkCSRF(form.mapValues { $0.first ?? "" }, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        let version = form["version"]?.first.flatMap(Int.init)
        do {
            switch change {
            case "disable":
                _ = try await access.disable(username, ifMatch: version, by: visit.caller)
            case "roles":
                let grants = Self.grants(role: form["role"]?.first ?? "", stores: form["stores"] ?? [])
                _ = try await access.setRoles(username, to: grants, ifMatch: version, by: visit.caller)
            default:
                throw AppError.notFound(LocalizedText(zhHans: "没有这个操作", en: "No such action"))
            }
            return ConsoleRenderer.redirect("/console/staff/\(username)?done=\(change)")
        } catch AppError.invalid(let problems) {
            return try await staffMember(
                username, visit, error: problems.map { $0.message.text(in: visit.language) }.joined(separator: " "),
                status: .unprocessableContent)
        } catch AppError.conflict(_, let message) {
            return try await staffMember(
                username, visit, error: message.text(in: visit.language), status: .conflict)
        }
    }

    // MARK: - Shared

    static func row(_ member: StaffMember, _ visit: ConsoleVisit) -> StaffRow {
        StaffRow(
            username: member.username, link: "/console/staff/\(member.username)", displayName: member.displayName,
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

    static func roleChoices(_ visit: ConsoleVisit, selected: String?) -> [Choice] {
        Role.allCases.map {
            Choice(value: $0.rawValue, label: $0.label.text(in: visit.language), selected: $0.rawValue == selected)
        }
    }

    /// The stores the person may grant roles for; "*" (all stores) for head office.
    func manageableStores(_ visit: ConsoleVisit, selected: String?) async throws -> [Choice] {
        let chosen = Set((selected ?? "").split(separator: ",").map(String.init))
        let managed = visit.caller.visibleStores(for: .manageStaff)
        var choices = try await referenceData.stores(by: visit.caller).filter { managed?.contains($0.code) ?? true }
            .map { Choice(value: $0.code, label: $0.name.text(in: visit.language), selected: chosen.contains($0.code)) }
        if managed == nil {
            choices.insert(
                Choice(value: "*", label: visit.t["staff_allStores"] ?? "*", selected: chosen.contains("*")), at: 0)
        }
        return choices
    }

    /// One role for the stores ticked ("*": all stores); refused by the use case when invalid.
    static func grants(role: String, stores: [String]) -> [RoleGrant] {
        guard let role = Role(rawValue: role) else { return [] }
        if stores.contains("*") { return [RoleGrant(role: role, scope: .allStores)] }
        return [RoleGrant(role: role, scope: .stores(Set(stores.filter { !$0.isEmpty })))]
    }
}

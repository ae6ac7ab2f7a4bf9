import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// Problem cases in the console (R4.7, R4.8): the list, and one case with
/// its attribution, corrective actions, the message to the customer, and
/// resolving it.
extension TrackingChapter {
    struct ProblemsPage: Sendable {
        let showingAll: Bool
        let rows: [ProblemRow]
        let none: Bool
    }

    func problemsPage(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        let showingAll = request.uri.queryParameters["state"] == "all"
        let zones = try await storeZones()
        let rows = try await tracking.problemCases(openOnly: !showingAll, by: visit.caller).map {
            Self.problemRow($0, visit, zone: try zones($0.storeCode))
        }
        return renderer.page(
            "problems", visit.frame(title: visit.t["problems_title"] ?? "", current: "problems"),
            ProblemsPage(
                showingAll: showingAll, rows: rows, none: rows.isEmpty))
    }

    struct ProblemPage: Sendable {
        let notice: String?
        let errors: [String]
        let id: String
        let version: Int
        let order: String
        let orderHref: String
        let kind: String
        let description: String
        let open: Bool
        let statusLabel: String
        let responsibilities: [Choice]
        let technicians: [Choice]
        let responsibleParty: String
        let cause: String
        let measures: String
        let expected: String
        let actions: String
        let resolution: String?
        let tellable: Bool
    }

    func problemPage(
        _ request: Request, id: String, _ visit: ConsoleVisit, errors: [String] = [],
        status: HTTPResponse.Status = .ok, typed: [String: String]? = nil
    ) async throws -> Response {
        guard let caseID = UUID(uuidString: id) else {
            throw AppError.notFound(LocalizedText(zhHans: "找不到该问题记录", en: "No such problem case was found"))
        }
        let problem = try await tracking.problemCase(caseID, by: visit.caller)
        let language = visit.language
        let technicians = (try? await tracking.technicians(of: problem.storeCode, by: visit.caller)) ?? []
        let format = DateFormatter()
        format.timeZone = try await zone(ofStore: problem.storeCode)
        format.dateFormat = "yyyy-MM-dd'T'HH:mm"
        // After a refused submit the form shows what was typed, not what is stored.
        let responsibility = typed?["responsibility"].flatMap(Responsibility.init(rawValue:)) ?? problem.responsibility
        let technician = typed.map { $0["technician"].flatMap(UUID.init(uuidString:)) } ?? problem.responsibleStaffID
        let page = ProblemPage(
            notice: visit.doneNotice(request, "problems"), errors: errors,
            id: problem.id.uuidString, version: problem.version, order: problem.orderNumber,
            orderHref: "/console/orders/\(ConsoleForm.percentEncoded(problem.orderNumber))",
            kind: problem.kind.label.text(in: language), description: problem.description,
            open: problem.status == .open, statusLabel: visit.t["problem_status_\(problem.status.rawValue)"] ?? "",
            responsibilities: Responsibility.allCases.map {
                Choice(value: $0.rawValue, label: $0.label.text(in: language), selected: $0 == responsibility)
            },
            technicians: technicians.map {
                Choice(
                    value: $0.id.uuidString, label: "\($0.displayName) (\($0.username))",
                    selected: $0.id == technician)
            },
            responsibleParty: typed?["party"] ?? problem.responsibleParty ?? "",
            cause: typed?["cause"] ?? problem.cause,
            measures: typed?["measures"] ?? problem.measures,
            expected: typed?["expected"] ?? problem.expectedResolutionAt.map(format.string(from:)) ?? "",
            actions: typed?["actions"]
                ?? problem.actions.map { "\($0.description) | \($0.owner)" }.joined(separator: "\n"),
            resolution: problem.resolution, tellable: problem.isReadyToTellCustomer)
        return renderer.page(
            "problem",
            visit.frame(title: "\(visit.t["problems_case"] ?? "") · \(problem.orderNumber)", current: "problems"), page,
            status: status)
    }

    func problemAction(_ request: Request, id: String, action: String, _ visit: ConsoleVisit) async throws -> Response {
        guard let form = await ConsoleForm.read(request).map({ $0.mapValues { $0.first ?? "" } }),
            ConsoleGate.checkCSRF(form, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        guard let caseID = UUID(uuidString: id) else {
            throw AppError.notFound(LocalizedText(zhHans: "找不到该问题记录", en: "No such problem case was found"))
        }
        let version = form["version"].flatMap { Int($0) }
        do {
            switch action {
            case "update":
                // One action per line: "what | who".
                let actions = (form["actions"] ?? "").split(whereSeparator: \.isNewline).map { line in
                    let parts = line.split(separator: "|", maxSplits: 1).map {
                        $0.trimmingCharacters(in: .whitespaces)
                    }
                    return CorrectiveAction(
                        description: parts.first ?? "", owner: parts.count > 1 ? parts[1] : "", dueAt: nil)
                }
                let change = ProblemCaseChange(
                    responsibility: form["responsibility"].flatMap(Responsibility.init(rawValue:)) ?? .undetermined,
                    responsibleStaffID: form["technician"].flatMap(UUID.init(uuidString:)),
                    responsibleParty: form["party"], cause: form["cause"] ?? "", measures: form["measures"] ?? "",
                    expectedResolutionAt: ConsoleDates.localInstant(
                        form["expected"] ?? "",
                        in: try await zone(ofStore: tracking.problemCase(caseID, by: visit.caller).storeCode)),
                    actions: actions,
                    tellCustomer: form["tell"] == "1")
                _ = try await tracking.updateProblemCase(caseID, change, ifMatch: version, by: visit.caller)
                return ConsoleRenderer.redirect(
                    "/console/problems/\(caseID.uuidString)?done=\(change.tellCustomer ? "told" : "saved")")
            case "resolve":
                _ = try await tracking.resolveProblemCase(
                    caseID, resolution: form["resolution"], ifMatch: version, by: visit.caller)
                return ConsoleRenderer.redirect("/console/problems/\(caseID.uuidString)?done=resolved")
            default: throw AppError.notFound(LocalizedText(zhHans: "没有此操作", en: "No such action"))
            }
        } catch let error as AppError {
            if case .versionMismatch = error {
                return try await problemPage(
                    request, id: id, visit, errors: [visit.t["error_changed"] ?? ""], status: .preconditionFailed)
            }
            let (status, messages) = try formRefusal(error, visit)
            return try await problemPage(request, id: id, visit, errors: messages, status: status, typed: form)
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// Planning a whole day from the board (shown first, saved on "apply"), and
/// the store's dispatch settings for its manager.
extension DispatchChapter {
    struct PlanPage: Sendable {
        struct Placed: Sendable {
            let number: String
            let technician: String
            let time: String
            let cost: String
            let why: String
        }

        struct Waiting: Sendable {
            let number: String
            let reason: String
        }

        let store: String
        let day: String
        let placed: [Placed]
        let waiting: [Waiting]
        let totalCost: String
        let nothing: Bool
        let hasWaiting: Bool
    }

    func planDay(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        guard let form = await ConsoleForm.read(request).map({ $0.mapValues { $0.first ?? "" } }),
            ConsoleGate.checkCSRF(form, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        let (store, day) = try await boardPlace(request, visit, form: form)
        let apply = form["apply"] == "1"
        let outcome = try await dispatch.planDay(storeCode: store.code, day: day, apply: apply, by: visit.caller)
        if apply {
            return ConsoleRenderer.redirect("/console/dispatch?store=\(store.code)&day=\(day)&done=planned")
        }
        let board = try await dispatch.board(storeCode: store.code, day: day, by: visit.caller)
        let names = Dictionary(uniqueKeysWithValues: board.lanes.map { ($0.staffID, $0.displayName) })
        let calendar = store.calendar
        let page = PlanPage(
            store: store.code, day: day.description,
            placed: outcome.placed.map { placed in
                let assignment = placed.assignment
                let others = assignment.runnersUp.prefix(2).map { runnerUp in
                    "\(names[runnerUp.staffID] ?? "?"): "
                        + runnerUp.reasons.map { $0.text(in: visit.language) }.joined(separator: ", ")
                }
                return PlanPage.Placed(
                    number: placed.orderNumber,
                    technician: assignment.technicianIDs.compactMap { names[$0] }.joined(separator: " + "),
                    time: ConsoleDates.time(assignment.start, calendar) + "–"
                        + ConsoleDates.time(assignment.end, calendar),
                    cost: assignment.score.map { DispatchBoardView.number($0.total) } ?? "",
                    why: others.joined(separator: " | "))
            },
            waiting: outcome.waiting.map {
                PlanPage.Waiting(number: $0.orderNumber, reason: $0.reason.text(in: visit.language))
            },
            totalCost: DispatchBoardView.number(outcome.totalCost),
            nothing: outcome.placed.isEmpty && outcome.waiting.isEmpty, hasWaiting: !outcome.waiting.isEmpty)
        return renderer.page(
            "dispatch-plan", visit.frame(title: "\(visit.t["dispatch_planTitle"] ?? "") · \(day)", current: "dispatch"),
            page)
    }

    struct DispatchSettingsPage: Sendable {
        struct Weight: Sendable {
            let name: String
            let label: String
            let hint: String
            let value: String
        }

        let notice: String?
        let problems: [String]
        let store: String
        let buffer: String
        let checklistRequired: Bool
        let weights: [Weight]
    }

    func dispatchSettings(
        _ request: Request, _ visit: ConsoleVisit, typed: [String: String]? = nil, problems: [FieldProblem] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (store, _) = try await boardPlace(request, visit, form: typed ?? [:])
        guard visit.caller.may(.manageDispatchSettings, storeCode: store.code) else { throw AppError.notAllowed }
        let current = try await dispatch.settings(storeCode: store.code, by: visit.caller).settings
        let weights = current.weights
        let named: [(String, Double)] = [
            ("workload", weights.workload), ("weeklyWorkload", weights.weeklyWorkload),
            ("experience", weights.experience), ("continuity", weights.continuity), ("lateness", weights.lateness),
            ("unassigned", weights.unassigned),
        ]
        let page = DispatchSettingsPage(
            notice: request.uri.queryParameters["done"] != nil ? visit.t["dispatch_settingsSaved"] : nil,
            problems: problems.map { $0.message.text(in: visit.language) }, store: store.code,
            buffer: typed?["travelBufferMinutes"] ?? String(current.travelBufferMinutes),
            checklistRequired: typed.map { $0["checklistRequired"] == "on" } ?? current.checklistRequiredBeforeCheckIn,
            weights: named.map { name, value in
                DispatchSettingsPage.Weight(
                    name: name, label: visit.t["dispatch_weight_\(name)"] ?? name,
                    hint: visit.t["dispatch_weightHint_\(name)"] ?? "", value: typed?[name] ?? Self.decimal(value))
            })
        return renderer.page(
            "dispatch-settings",
            visit.frame(
                title: "\(visit.t["dispatch_settingsTitle"] ?? "") · \(store.name.text(in: visit.language))",
                current: "dispatch"), page, status: status)
    }

    func saveDispatchSettings(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        guard let form = await ConsoleForm.read(request).map({ $0.mapValues { $0.first ?? "" } }),
            ConsoleGate.checkCSRF(form, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        let (store, _) = try await boardPlace(request, visit, form: form)
        func number(_ field: String) -> Double { Double(form[field] ?? "") ?? .nan }
        let settings = StoreDispatchSettings(
            travelBufferMinutes: Int(form["travelBufferMinutes"] ?? "") ?? -1,
            weights: DispatchWeights(
                workload: number("workload"), experience: number("experience"), continuity: number("continuity"),
                lateness: number("lateness"), unassigned: number("unassigned"),
                weeklyWorkload: number("weeklyWorkload")),
            checklistRequiredBeforeCheckIn: form["checklistRequired"] == "on")
        do {
            _ = try await dispatch.updateSettings(storeCode: store.code, settings, ifMatch: nil, by: visit.caller)
            return ConsoleRenderer.redirect("/console/dispatch/settings?store=\(store.code)&done=saved")
        } catch AppError.invalid(let problems) {
            return try await dispatchSettings(
                request, visit, typed: form, problems: problems, status: .unprocessableContent)
        }
    }

    static func decimal(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

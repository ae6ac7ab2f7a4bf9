import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// After-sales requests in the console (R6.2): the chapter's routes, and the list with
/// the form that records a new request. One request is `Console+Claim`.
extension AfterSalesChapter {
    func addRoutes(to router: ChapterRoutes) {
        router.page("/console/claims", of: self) { request, _, visit in
            try await claimsPage(request, visit)
        }
        router.page("/console/claims", method: .post, of: self) { request, _, visit in
            try await submitClaim(request, visit)
        }
        router.page("/console/claims/:id", of: self) { request, parameters, visit in
            try await claimPage(request, id: parameters.require("id"), visit)
        }
        router.page("/console/claims/:id/:action", method: .post, of: self) { request, parameters, visit in
            try await claimAction(
                request, id: parameters.require("id"), action: parameters.require("action"), visit)
        }
        router.page("/console/reports/after-sales", of: self) { request, _, visit in
            try await afterSalesReportPage(request, visit)
        }
        router.page("/console/reports/after-sales.csv", of: self) { request, _, visit in
            try await afterSalesReportCSV(request, visit)
        }
    }

    struct ClaimRow: Sendable {
        let href: String
        let order: String
        let problem: String
        let status: String
        let statusLabel: String
        let received: String
        let respondBy: String?
        let overdue: Bool
    }

    struct ClaimsPage: Sendable {
        let errors: [String]
        let filter: String
        let rows: [ClaimRow]
        let none: Bool
        let form: [String: String]
        let channels: [Choice]
        let problems: [Choice]
        let requestKey: String
    }

    func claimsPage(
        _ request: Request, _ visit: ConsoleVisit, errors: [String] = [], status: HTTPResponse.Status = .ok,
        typed: [String: String] = [:]
    ) async throws -> Response {
        let filter = request.uri.queryParameters["show"].map(String.init) ?? "open"
        let claims = try await afterSales.claims(
            openOnly: filter != "all", mineOnly: filter == "mine", by: visit.caller)
        let now = visit.now
        let language = visit.language
        let zones = try await storeZones()
        let rows = try claims.map { claim in
            let zone = try zones(claim.storeCode)
            return ClaimRow(
                href: "/console/claims/\(claim.id.uuidString)", order: claim.orderNumber,
                problem: WarrantyProblem.label(for: claim.problem).text(in: language), status: claim.status.rawValue,
                statusLabel: claim.status.label.text(in: language),
                received: ConsoleDates.instant(claim.receivedAt, in: zone),
                respondBy: claim.status == .accepted
                    ? claim.resolveBy.map { ConsoleDates.instant($0, in: zone) } : nil,
                overdue: claim.status == .accepted
                    && (claim.isResponseOverdue(at: now) || claim.isResolutionOverdue(at: now)))
        }
        let problem = typed["problem"] ?? ""
        let page = ClaimsPage(
            errors: errors,
            filter: filter, rows: rows, none: rows.isEmpty,
            form: typed.merging(["orderNumber": request.uri.queryParameters["order"].map(String.init) ?? ""]) {
                kept, _ in kept
            },
            channels: [ClaimChannel.phone, .email, .onlineChat].map {
                Choice(
                    value: $0.rawValue, label: $0.label.text(in: language), selected: typed["channel"] == $0.rawValue)
            },
            problems: WarrantyProblem.allCases.map {
                Choice(value: $0.rawValue, label: $0.label.text(in: language), selected: problem == $0.rawValue)
            },
            requestKey: typed["requestKey"] ?? UUID().uuidString)
        return renderer.page(
            "claims", visit.frame(title: visit.t["claims_title"] ?? "", current: "claims"), page, status: status)
    }

    func submitClaim(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        guard let form = await ConsoleForm.read(request).map({ $0.mapValues { $0.first ?? "" } }),
            ConsoleGate.checkCSRF(form, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        let draft = ClaimDraft(
            channel: form["channel"].flatMap(ClaimChannel.init(rawValue:)) ?? .phone, itemCode: form["itemCode"] ?? "",
            contactName: form["contactName"] ?? "", contactPhone: form["contactPhone"] ?? "",
            problem: form["problem"] ?? "", description: form["description"] ?? "")
        do {
            let claim = try await afterSales.receiveClaim(
                draft, orderNumber: form["orderNumber"] ?? "", requestKey: form["requestKey"], by: visit.caller)
            return ConsoleRenderer.redirect("/console/claims/\(claim.id.uuidString)?done=received")
        } catch let error as AppError {
            let (status, messages) = try formRefusal(error, visit)
            return try await claimsPage(request, visit, errors: messages, status: status, typed: form)
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// One after-sales request in the console (R6.3, R6.4): its assessment with
/// the reason, its time limits, and its handling: cause and solution,
/// progress to the customer, a repair order, closing with satisfaction.
extension AfterSalesChapter {
    struct ClaimPage: Sendable {
        let notice: String?
        let errors: [String]
        let id: String
        let version: Int
        let order: String
        let orderHref: String
        let item: String
        let channel: String
        let contact: String
        let problem: String
        let description: String
        let received: String
        let eligible: Bool
        let explanation: String
        let warrantyEnds: String?
        let costBearer: String?
        let statusLabel: String
        let open: Bool
        let respondBy: String?
        let resolveBy: String?
        let responseOverdue: Bool
        let resolutionOverdue: Bool
        let owners: [Choice]
        let causeAnalysis: String
        let solution: String
        let progress: [ProgressRow]
        let repairOrder: String?
        let repairHref: String?
        let satisfaction: Int?
        let closingNote: String
        let typed: [String: String]
    }

    struct ProgressRow: Sendable {
        let at: String
        let by: String
        let message: String
        let sent: Bool
    }

    func claimPage(
        _ request: Request, id: String, _ visit: ConsoleVisit, errors: [String] = [],
        status: HTTPResponse.Status = .ok, typed: [String: String] = [:]
    ) async throws -> Response {
        guard let claimID = UUID(uuidString: id) else { throw Self.noClaim }
        let stored = try await afterSales.claim(claimID, by: visit.caller)
        let claim = afterSales.shown(stored, to: visit.caller).claim
        let language = visit.language
        let owners = (try? await afterSales.possibleOwners(of: claim, by: visit.caller)) ?? []
        let names = Dictionary(owners.map { ("staff:\($0.username)", $0.displayName) }) { first, _ in first }
        let now = visit.now
        let zone = try await zone(ofStore: claim.storeCode)
        let day = { (date: Date) in ConsoleDates.instant(date, in: zone) }
        let page = ClaimPage(
            notice: visit.doneNotice(request, "claims"), errors: errors,
            id: claim.id.uuidString, version: claim.version, order: claim.orderNumber,
            orderHref: "/console/orders/\(ConsoleForm.percentEncoded(claim.orderNumber))", item: claim.itemCode,
            channel: claim.channel.label.text(in: language),
            contact: [
                claim.contactName, claim.contactPhone,
            ].filter { !$0.isEmpty }.joined(separator: " · "),
            problem: WarrantyProblem.label(for: claim.problem).text(in: language), description: claim.description,
            received: day(claim.receivedAt), eligible: claim.assessment.eligible,
            explanation: claim.assessment.explanation.text(in: language),
            warrantyEnds: claim.assessment.warrantyEndsAt.map(day),
            costBearer: claim.assessment.costBearer.map { $0.label.text(in: language) },
            statusLabel: claim.status.label.text(in: language), open: claim.status == .accepted,
            respondBy: claim.respondBy.map(day), resolveBy: claim.resolveBy.map(day),
            responseOverdue: claim.isResponseOverdue(at: now),
            resolutionOverdue: claim.status == .accepted && claim.isResolutionOverdue(at: now),
            owners: owners.map {
                Choice(value: $0.id.uuidString, label: $0.displayName, selected: $0.id == claim.ownerID)
            }, causeAnalysis: typed["causeAnalysis"] ?? claim.causeAnalysis,
            solution: typed["solution"] ?? claim.solution,
            progress: claim.progress.map {
                ProgressRow(at: day($0.at), by: names[$0.by] ?? $0.by, message: $0.message, sent: $0.sentToCustomer)
            }, repairOrder: claim.repairOrderNumber,
            repairHref: claim.repairOrderNumber.map { "/console/orders/\(ConsoleForm.percentEncoded($0))" },
            satisfaction: claim.satisfaction, closingNote: claim.closingNote, typed: typed)
        return renderer.page(
            "claim", visit.frame(title: "\(visit.t["claims_one"] ?? "") · \(claim.orderNumber)", current: "claims"),
            page, status: status)
    }

    func claimAction(_ request: Request, id: String, action: String, _ visit: ConsoleVisit) async throws -> Response {
        guard let form = await ConsoleForm.read(request).map({ $0.mapValues { $0.first ?? "" } }),
            ConsoleGate.checkCSRF(form, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        guard let claimID = UUID(uuidString: id) else { throw Self.noClaim }
        let version = form["version"].flatMap { Int($0) }
        do {
            switch action {
            case "update":
                _ = try await afterSales.updateClaim(
                    claimID, causeAnalysis: form["causeAnalysis"] ?? "", solution: form["solution"] ?? "",
                    ownerID: form["owner"].flatMap(UUID.init(uuidString:)), ifMatch: version, by: visit.caller)
            case "progress":
                _ = try await afterSales.addProgress(
                    claimID, message: form["message"] ?? "", sendToCustomer: form["send"] == "1", ifMatch: version,
                    by: visit.caller)
            case "repair":
                let zone = try await zone(ofStore: afterSales.claim(claimID, by: visit.caller).storeCode)
                _ = try await afterSales.openRepair(
                    claimID, appointmentStart: ConsoleDates.localInstant(form["start"] ?? "", in: zone),
                    appointmentEnd: ConsoleDates.localInstant(form["end"] ?? "", in: zone), ifMatch: version,
                    by: visit.caller)
            case "close":
                _ = try await afterSales.closeClaim(
                    claimID, satisfaction: form["satisfaction"].flatMap { Int($0) }, solution: form["solution"] ?? "",
                    closingNote: form["closingNote"] ?? "", ifMatch: version, by: visit.caller)
            default: throw AppError.notFound(LocalizedText(zhHans: "没有此操作", en: "No such action"))
            }
            return ConsoleRenderer.redirect("/console/claims/\(claimID.uuidString)?done=\(action)")
        } catch let error as AppError {
            if case .versionMismatch = error {
                return try await claimPage(
                    request, id: id, visit, errors: [visit.t["error_changed"] ?? ""], status: .preconditionFailed,
                    typed: form)
            }
            let (status, messages) = try formRefusal(error, visit)
            return try await claimPage(request, id: id, visit, errors: messages, status: status, typed: form)
        }
    }

    static let noClaim = AppError.notFound(
        LocalizedText(zhHans: "找不到该售后申请", en: "No such after-sales request was found"))
}

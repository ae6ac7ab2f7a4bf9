import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// After-sales on the customer's tracking page (R6.2–R6.4): once the order
/// is delivered, a form to ask for service under warranty, and every
/// request with its answer and the progress sent. The form carries the
/// page's double-submit CSRF token and a request key, so sending it twice
/// makes one request.
extension BookingChapter {
    func addClaimRoutes(to router: ChapterRoutes) {
        router.post("/track/:token/claims") { request, context in
            try await askForService(request, token: context.parameters.require("token"))
        }
    }

    struct TrackClaimRow: Sendable {
        let received: String
        let item: String
        let problem: String
        let status: String
        let statusLabel: String
        let answer: String
        let messages: [String]
    }

    struct TrackClaims: Sendable {
        let token: String
        let csrf: String
        let canAsk: Bool
        let rows: [TrackClaimRow]
        let items: [Choice]
        let problems: [Choice]
        let requestKey: String
        let description: String
        let errors: [String]
        let received: Bool
    }

    /// What the customer typed before a refused request, kept on the page.
    struct TrackClaimTyped: Sendable {
        var fields: [String: String]
        var errors: [String]
    }

    func trackClaims(
        _ request: Request, order: Order, token: String, csrf: String, language: Language, catalog: [ServiceItem],
        zone: TimeZone, typed: TrackClaimTyped?
    ) async throws -> TrackClaims? {
        let claims = try await afterSales.claims(ofOrder: order.id)
        let delivered = order.status == .delivered || order.status == .settled
        guard delivered || !claims.isEmpty else { return nil }
        let names = Dictionary(catalog.map { ($0.code, $0.name.text(in: language)) }) { first, _ in first }
        let itemCodes = order.lines.map(\.itemCode).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let chosen = typed?.fields["itemCode"] ?? itemCodes.first ?? ""
        let problem = typed?.fields["problem"] ?? ""
        return TrackClaims(
            token: token, csrf: csrf, canAsk: delivered,
            rows: claims.reversed().map { claim in
                TrackClaimRow(
                    received: ConsoleDates.instant(claim.receivedAt, in: zone),
                    item: names[claim.itemCode] ?? claim.itemCode,
                    problem: WarrantyProblem.label(for: claim.problem).text(in: language),
                    status: claim.status.rawValue,
                    statusLabel: claim.status.label.text(in: language),
                    answer: claim.assessment.explanation.text(in: language),
                    messages: claim.progress.filter(\.sentToCustomer).map(\.message)
                        + (claim.status == .closed ? [claim.solution] : []))
            },
            items: itemCodes.map { Choice(value: $0, label: names[$0] ?? $0, selected: $0 == chosen) },
            problems: WarrantyProblem.allCases.map {
                Choice(value: $0.rawValue, label: $0.label.text(in: language), selected: $0.rawValue == problem)
            }, requestKey: typed?.fields["requestKey"] ?? UUID().uuidString,
            description: typed?.fields["description"] ?? "", errors: typed?.errors ?? [],
            received: request.uri.queryParameters["claim"] != nil)
    }

    func askForService(_ request: Request, token: String) async throws -> Response {
        let language = ConsoleGate.language(of: request)
        let t = renderer.messages.table(language)
        let form = (await ConsoleForm.read(request) ?? [:]).mapValues { $0.first ?? "" }
        guard Self.sameToken(form["csrf"], request) else {
            return publicMessage(t["track_delivery_expired"], language: language, status: .forbidden)
        }
        let draft = ClaimDraft(
            channel: .customerLink, itemCode: form["itemCode"] ?? "", problem: form["problem"] ?? "",
            description: form["description"] ?? "")
        do {
            _ = try await afterSales.receiveClaim(draft, trackingToken: token, requestKey: form["requestKey"])
        } catch AppError.notFound {
            return publicMessage(t["track_notFound"], language: language, status: .notFound)
        } catch AppError.invalid(let problems) {
            return try await track(
                request, token: token,
                claim: TrackClaimTyped(fields: form, errors: problems.map { $0.message.text(in: language) }),
                status: .unprocessableContent)
        } catch AppError.conflict(_, let message) {
            return try await track(
                request, token: token, claim: TrackClaimTyped(fields: form, errors: [message.text(in: language)]),
                status: .conflict)
        }
        return ConsoleRenderer.redirect("/track/\(ConsoleForm.percentEncoded(token))?claim=received#claims")
    }
}

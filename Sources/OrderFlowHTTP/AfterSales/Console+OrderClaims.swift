import Foundation
import OrderFlowApp
import OrderFlowCore

/// The order page's after-sales section (R6.2): the order's requests, and
/// the way to record a new one, for staff who handle them.
extension AfterSalesChapter {
    struct OrderClaims: Sendable {
        let rows: [ClaimRow]
        let none: Bool
        let newHref: String
    }

    func orderClaims(_ order: Order, _ visit: ConsoleVisit, zone: TimeZone) async throws -> OrderClaims? {
        guard visit.caller.may(.handleWarrantyClaims, storeCode: order.storeCode) else { return nil }
        let claims = try await afterSales.claims(ofOrder: order.id)
        let now = visit.now
        let rows = claims.map { claim in
            ClaimRow(
                href: "/console/claims/\(claim.id.uuidString)", order: claim.itemCode,
                problem: WarrantyProblem.label(for: claim.problem).text(in: visit.language),
                status: claim.status.rawValue, statusLabel: claim.status.label.text(in: visit.language),
                received: ConsoleDates.instant(claim.receivedAt, in: zone),
                respondBy: claim.status == .accepted ? claim.resolveBy.map { ConsoleDates.instant($0, in: zone) } : nil,
                overdue: claim.status == .accepted && claim.isResolutionOverdue(at: now))
        }
        return OrderClaims(
            rows: rows, none: rows.isEmpty,
            newHref: "/console/claims?order=\(ConsoleForm.percentEncoded(order.number))#claim-form")
    }
}

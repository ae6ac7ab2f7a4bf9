import Foundation
import Hummingbird
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore

/// The review queue (R2.4): orders waiting for a reviewer, oldest reason first.
extension IntakeChapter {
    struct ReviewPage: Sendable {
        let rows: [ReviewRow]
        let empty: Bool
        let nextLink: String?
    }

    struct ReviewRow: Sendable {
        let order: OrderRow
        let reasons: [String]
    }

    func reviewQueue(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        let cursor = request.uri.queryParameters["cursor"].flatMap { OrderCursor(token: String($0)) }
        let page = try await intake.reviewQueue(storeCode: nil, limit: 25, after: cursor, by: visit.caller)
        let stores = Dictionary(
            uniqueKeysWithValues: try await referenceData.stores(by: visit.caller).map { ($0.code, $0) })
        let zones = try await storeZones()
        let rows = try page.orders.map {
            ReviewRow(
                order: try OrderRow($0, stores: stores, zones: zones, visit: visit),
                reasons: $0.order.reviewReasons.map { $0.message.text(in: visit.language) })
        }
        return renderer.page(
            "review", visit.frame(title: visit.t["review_title"] ?? "", current: "review"),
            ReviewPage(
                rows: rows,
                empty: rows.isEmpty, nextLink: page.next.map { "/console/review?cursor=\($0.token)" }))
    }
}

import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// Acceptance periods that ran out unanswered (R5.3): each handled once, by
/// the store's setting, in its own transaction. "Accept" delivers the
/// order; "escalate" gives the store manager a follow-up and stops the
/// customer's link from answering late. Run by the deadline monitor.
enum AcceptanceLapses {
    @discardableResult
    static func handle(
        database: any OrderFlowDatabase, environment: AppEnvironment, logger: Logger, limit: Int = 100
    ) async throws -> Int {
        let now = environment.now()
        let due = try await database.read { try await DeliveryReportRecords.lapsed(at: now, limit: limit, on: $0) }
        var handled = 0
        for orderID in due {
            let followUpID = environment.newID()
            do {
                let action = try await database.write { db -> AcceptanceLapse? in
                    try await handle(orderID, now: now, followUpID: followUpID, on: db)
                }
                if let action {
                    handled += 1
                    logger.notice(
                        "Acceptance period lapsed", metadata: ["order": "\(orderID)", "action": "\(action.rawValue)"])
                }
            } catch StoreError.staleVersion {
                // Answered or handled by someone else meanwhile.
                continue
            }
        }
        return handled
    }

    static func handle(_ orderID: UUID, now: Date, followUpID: UUID, on db: any SQLDatabase) async throws
        -> AcceptanceLapse?
    {
        guard let order = try await OrderRecords.find(id: orderID, on: db),
            let (current, version) = try await DeliveryReportRecords.forOrder(orderID, on: db).last,
            current.status == .awaiting, current.lapsedAt == nil, current.acceptanceDueAt < now
        else { return nil }
        let action = try await DeliveryReportRecords.lapseAction(storeCode: order.storeCode, on: db)
        let system = Actor(kind: .system, id: "acceptance-lapse")
        var report = current
        report.lapsedAt = now
        report.lapseAction = action
        let lapsed = OrderChange.Event(
            .acceptanceLapsed, try OrderEventPayload(DeliveryPayload(lapseAction: action)), by: system)
        switch action {
        case .accept:
            report.status = .accepted
            report.acceptance = Acceptance(
                decision: .accepted, via: .lapsed, signerName: nil, signatureID: nil, reasons: "", photoIDs: [],
                recordedBy: system.description, at: now)
            try await DeliveryReportRecords.update(report, expectedVersion: version, on: db)
            try await OrderChange.commit(order, events: [lapsed], at: now, on: db)
            guard let touched = try await OrderRecords.find(id: orderID, on: db) else { return nil }
            try await DeliveryService.settle(report, order: touched, actor: system, at: now, on: db)
        case .escalate:
            try await DeliveryReportRecords.update(report, expectedVersion: version, on: db)
            let touched = try await OrderChange.commit(order, events: [lapsed], at: now, on: db).order
            try await FollowUpRules.apply(.acceptanceLapsed, to: touched, at: now, newID: followUpID, on: db)
        }
        return action
    }
}

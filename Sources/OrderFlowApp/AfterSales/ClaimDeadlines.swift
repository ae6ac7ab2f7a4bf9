import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// The time limits of accepted claims (R6.4): a claim whose customer was
/// not answered in time, or that was not solved in time, is escalated to
/// the store manager once per limit, as a follow-up and in the order's
/// timeline. Run by the deadline monitor about once a minute; each claim
/// in its own transaction, re-read under its version, so two instances
/// escalate it once.
enum ClaimDeadlines {
    @discardableResult
    static func handle(
        database: any OrderFlowDatabase, environment: AppEnvironment, logger: Logger, limit: Int = 500
    ) async throws -> Int {
        let now = environment.now()
        let due = try await database.read { try await WarrantyClaimRecords.open(limit: limit, on: $0) }
            .filter { !$0.missedDeadlines(at: now).isEmpty }
        var escalated = 0
        for claim in due {
            let followUpID = environment.newID()
            do {
                let missed = try await database.write { db in
                    try await escalate(claim.id, now: now, followUpID: followUpID, on: db)
                }
                for deadline in missed {
                    escalated += 1
                    logger.notice(
                        "After-sales time limit missed",
                        metadata: ["order": "\(claim.orderNumber)", "deadline": "\(deadline.rawValue)"])
                }
            } catch StoreError.staleVersion {
                continue
            }
        }
        return escalated
    }

    static func escalate(_ id: UUID, now: Date, followUpID: UUID, on db: any SQLDatabase) async throws
        -> [ClaimDeadline]
    {
        guard let found = try await WarrantyClaimRecords.documents.find(id: id, on: db),
            let order = try await OrderRecords.find(id: found.orderID, on: db)
        else { return [] }
        let missed = found.missedDeadlines(at: now)
        guard !missed.isEmpty else { return [] }
        var claim = found
        if missed.contains(.response) { claim.responseEscalatedAt = now }
        if missed.contains(.resolution) { claim.resolutionEscalatedAt = now }
        let saved = try await WarrantyClaimRecords.update(claim, expectedVersion: found.version, on: db)
        let payload = try OrderEventPayload(
            AfterSalesPayload(claim: saved), reason: missed.map { $0.label.zhHans }.joined(separator: "；"))
        let (touched, _) = try await OrderChange.commit(
            order, events: [.init(.claimUpdated, payload, by: Actor(kind: .system, id: "claim-deadline"))], at: now,
            on: db)
        try await FollowUpRules.apply(.claimOverdue, to: touched, at: now, newID: followUpID, on: db)
        return missed
    }
}

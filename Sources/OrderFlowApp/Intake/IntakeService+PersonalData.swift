import Foundation
import OrderFlowCore
import OrderFlowStore

extension IntakeService {
    /// Shows the customer's full details to a caller who normally sees them
    /// masked, after they say why; who, when, which order and why go to the
    /// audit log in the same transaction (R1.4).
    public func revealPersonalData(_ reference: String, reason: String?, by caller: Caller) async throws -> Customer {
        try caller.require(.readOrder)
        let (order, own) = try await readableWithJob(reference, by: caller)
        try caller.require(.revealPersonalData, storeCode: order.storeCode, ownJob: own)
        let problems = AccessPolicy.revealReasonProblems(reason)
        guard problems.isEmpty, let reason else { throw AppError.invalid(problems) }
        let now = environment.now()
        let detail = try JSONCoding.canonicalString([
            "orderId": order.id.uuidString.lowercased(),
            "reason": reason.trimmingCharacters(in: .whitespacesAndNewlines),
        ])
        try await database.write { db in
            try await AuditLog.append(
                actor: caller.actor, action: "personalData.revealed", outcome: .succeeded,
                storeCode: order.storeCode, subject: order.number, detailJSON: detail, at: now, on: db)
        }
        return order.customer
    }
}

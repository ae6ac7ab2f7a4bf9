import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// What follow-ups, feedback and problem cases (R4.2, R4.3, R4.7, R4.8)
/// share: their events, their writes and their texts. Every change is also
/// an event in the order's timeline.
extension TrackingService {

    static func text(_ value: String?, field: String, max: Int, required: Bool) throws -> String {
        let text = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if required && text.isEmpty {
            throw AppError.invalid([
                FieldProblem(
                    field: field, code: "aftercare.required",
                    message: LocalizedText(zhHans: "此项必填", en: "This is required"))
            ])
        }
        if text.count > max {
            throw AppError.invalid([
                FieldProblem(
                    field: field, code: "aftercare.tooLong",
                    message: LocalizedText(zhHans: "不超过 \(max) 字", en: "At most \(max) characters"))
            ])
        }
        return text
    }
}

/// The follow-ups rules make (R4.2), owned by the least loaded active
/// person of the store in the rule's roles.
enum FollowUpRules {
    static func apply(
        _ rule: FollowUpRule, to order: Order, at now: Date, newID: UUID, on db: any SQLDatabase
    ) async throws {
        var candidates: [StaffMember] = []
        for role in rule.ownerRoles where candidates.isEmpty {
            candidates = try await StaffRecords.active(withRole: role, storeCode: order.storeCode, on: db)
        }
        guard !candidates.isEmpty else { return }
        let counts = try await FollowUpRecords.openCounts(owners: candidates.map(\.id), on: db)
        guard
            let owner = candidates.min(by: {
                (counts[$0.id] ?? 0, $0.username) < (counts[$1.id] ?? 0, $1.username)
            })
        else { return }
        let followUp = FollowUp(
            id: newID, orderID: order.id, orderNumber: order.number, storeCode: order.storeCode, ownerID: owner.id,
            reason: rule.reason.zhHans, dueAt: now.addingTimeInterval(rule.dueAfter), origin: "rule.\(rule.rawValue)",
            createdBy: "system", createdAt: now)
        try await FollowUpRecords.insert(followUp, on: db)
        // Part of the change that triggered the rule: the order is saved by it already.
        _ = try await OrderChange.append(
            [
                .init(
                    .followUpCreated, try OrderEventPayload(FollowUpPayload(followUp: followUp)),
                    by: Actor(kind: .system, id: "rule.\(rule.rawValue)"))
            ], to: order, at: now, on: db)
    }
}

extension TrackingService {
    /// The active people of a store, for naming follow-up owners and the
    /// technician a problem case is attributed to: whoever handles
    /// follow-ups there may see their colleagues' names (not their accounts).
    public func colleagues(of storeCode: String, by caller: Caller) async throws -> [StaffMember] {
        guard
            caller.may(.handleFollowUps, storeCode: storeCode) || caller.may(.handleProblemCases, storeCode: storeCode)
                || caller.may(.readStaff, storeCode: storeCode)
        else { throw AppError.notAllowed }
        return try await database.read { try await StaffRecords.all(on: $0) }.filter { member in
            member.disabledAt == nil && member.grants.contains { $0.isValid && $0.scope.covers(storeCode) }
        }
    }

    /// The store's active technicians: who may be named responsible for a
    /// problem case (R4.7) or sent to rework (R5.4).
    public func technicians(of storeCode: String, by caller: Caller) async throws -> [StaffMember] {
        try await colleagues(of: storeCode, by: caller).filter { $0.serves(as: [.technician], in: storeCode) }
    }
}

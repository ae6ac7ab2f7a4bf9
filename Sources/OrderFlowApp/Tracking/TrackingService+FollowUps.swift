import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

extension TrackingService {
    /// A follow-up made by hand: for the caller, or for a colleague of the
    /// order's store who may handle follow-ups (R4.2).
    public func createFollowUp(
        _ reference: String, ownerUsername: String?, reason: String?, dueAt: Date?, by caller: Caller
    ) async throws -> FollowUp {
        let reason = try Self.text(reason, field: "reason", max: 500, required: true)
        let now = environment.now()
        guard let dueAt, dueAt > now.addingTimeInterval(-60), dueAt < now.addingTimeInterval(180 * 86_400) else {
            throw AppError.invalid([
                FieldProblem(
                    field: "dueAt", code: "followUp.due",
                    message: LocalizedText(
                        zhHans: "请填写今后 180 天内的截止时间", en: "Give a due time within the next 180 days"))
            ])
        }
        let id = environment.newID()
        return try await OrderChange.run(reference, for: .handleFollowUps, by: caller, at: now, in: database) {
            order, db in
            let owner = try await Self.owner(ownerUsername, of: order, caller: caller, on: db)
            let followUp = FollowUp(
                id: id, orderID: order.id, orderNumber: order.number, storeCode: order.storeCode, ownerID: owner,
                reason: reason, dueAt: dueAt, origin: "manual", createdBy: caller.actor.description, createdAt: now)
            try await FollowUpRecords.insert(followUp, on: db)
            let event = OrderChange.Event(
                .followUpCreated, try OrderEventPayload(FollowUpPayload(followUp: followUp)), by: caller.actor)
            return (followUp, nil, [event])
        }
    }

    /// Logs one contact of a follow-up: who, by which channel, with what result.
    public func logContact(
        _ followUpID: UUID, channel: ContactChannel?, result: FollowUpResult?, note: String?, by caller: Caller
    ) async throws -> FollowUp {
        guard let channel, let result else {
            throw AppError.invalid([
                FieldProblem(
                    field: channel == nil ? "channel" : "result", code: "followUp.contact",
                    message: LocalizedText(zhHans: "请选择联系方式和结果", en: "Choose how and with what result"))
            ])
        }
        let note = try Self.text(note, field: "note", max: 1000, required: false)
        let now = environment.now()
        return try await changeFollowUp(followUpID, by: caller) { followUp, order, db in
            let contact = FollowUpContact(
                actor: caller.actor.description, channel: channel, result: result, note: note, at: now)
            followUp.contacts.append(contact)
            try await OrderChange.commit(
                order, .followUpContacted, FollowUpPayload(followUp: followUp, contact: contact), by: caller.actor,
                at: now, on: db)
        }
    }

    /// Closes a follow-up with its outcome.
    public func closeFollowUp(_ followUpID: UUID, outcome: String?, by caller: Caller) async throws -> FollowUp {
        let outcome = try Self.text(outcome, field: "outcome", max: 1000, required: true)
        let now = environment.now()
        return try await changeFollowUp(followUpID, by: caller) { followUp, order, db in
            followUp.status = .done
            followUp.closedAt = now
            followUp.outcome = outcome
            try await OrderChange.commit(
                order, .followUpClosed, FollowUpPayload(followUp: followUp), by: caller.actor, at: now, on: db)
        }
    }

    /// The follow-ups of one order, oldest first.
    public func followUps(ofOrder order: Order) async throws -> [FollowUp] {
        try await database.read { try await FollowUpRecords.forOrder(order.id, on: $0) }
    }

    /// Open follow-ups: the caller's own, or all of the caller's stores.
    public func openFollowUps(mineOnly: Bool, by caller: Caller) async throws -> [FollowUp] {
        try caller.require(.handleFollowUps)
        let stores = caller.visibleStores(for: .handleFollowUps)
        let owner = mineOnly ? caller.staffID : nil
        if mineOnly && owner == nil { return [] }
        return try await database.read {
            try await FollowUpRecords.open(owner: owner, stores: mineOnly ? nil : stores, limit: 300, on: $0)
        }.filter { caller.may(.handleFollowUps, storeCode: $0.storeCode) }
    }

    private func changeFollowUp(
        _ id: UUID, by caller: Caller,
        _ change: @escaping @Sendable (inout FollowUp, Order, any SQLDatabase) async throws -> Void
    ) async throws -> FollowUp {
        try await write { db in
            guard let found = try await FollowUpRecords.find(id: id, on: db),
                caller.may(.handleFollowUps, storeCode: found.storeCode),
                let order = try await OrderRecords.find(id: found.orderID, on: db)
            else { throw Self.followUpNotFound }
            guard found.status == .open else {
                throw AppError.conflict(
                    code: "followUp.closed",
                    message: LocalizedText(zhHans: "该跟进任务已结束", en: "This follow-up is already closed"))
            }
            var followUp = found
            try await change(&followUp, order, db)
            try await FollowUpRecords.update(followUp, on: db)
            return followUp
        }
    }

    /// The owner named, who must be active at the order's store and allowed
    /// to handle follow-ups there; the caller when none is named.
    static func owner(_ username: String?, of order: Order, caller: Caller, on db: any SQLDatabase) async throws
        -> UUID
    {
        guard let username = username?.trimmingCharacters(in: .whitespaces), !username.isEmpty else {
            guard let me = caller.staffID else { throw ownerProblem }
            return me
        }
        guard let (member, _) = try await StaffRecords.find(username: username, on: db), member.disabledAt == nil,
            AccessPolicy.allows(member.grants, .handleFollowUps, storeCode: order.storeCode)
        else { throw ownerProblem }
        return member.id
    }

    static let ownerProblem = AppError.invalid([
        FieldProblem(
            field: "owner", code: "followUp.owner",
            message: LocalizedText(
                zhHans: "负责人须是本店可处理跟进的在职员工", en: "The owner must be active staff of the store who handles follow-ups"))
    ])

    static let followUpNotFound = AppError.notFound(
        LocalizedText(zhHans: "找不到该跟进任务", en: "No such follow-up was found"))
}

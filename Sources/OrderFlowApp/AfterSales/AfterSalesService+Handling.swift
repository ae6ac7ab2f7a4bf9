import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

extension AfterSalesService {
    /// Cause analysis and solution (R6.4), for staff; optionally with a new owner.
    public func updateClaim(
        _ id: UUID, causeAnalysis: String, solution: String, ownerID: UUID?, ifMatch version: Int?, by caller: Caller
    ) async throws -> WarrantyClaim {
        let problems = WarrantyClaim.handlingProblems(
            causeAnalysis: causeAnalysis, solution: solution, repairOrderNumber: nil)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let now = environment.now()
        return try await changeDocument(id, of: Self.claims, ifMatch: version, by: caller) { claim, order, db in
            if let ownerID, ownerID != claim.ownerID {
                let members = try await StaffRecords.all(on: db).filter {
                    $0.serves(as: WarrantyClaim.ownerRoles, in: claim.storeCode)
                }
                guard members.contains(where: { $0.id == ownerID }) else {
                    throw AppError.invalid([
                        FieldProblem(
                            field: "ownerId", code: "claim.owner",
                            message: LocalizedText(
                                zhHans: "请选择本门店的售后、客服或经理",
                                en: "Choose after-sales, customer service or a manager of the store"))
                    ])
                }
                claim.ownerID = ownerID
            }
            claim.causeAnalysis = causeAnalysis.trimmingCharacters(in: .whitespacesAndNewlines)
            claim.solution = solution.trimmingCharacters(in: .whitespacesAndNewlines)
            try await OrderChange.commit(
                order, .claimUpdated, AfterSalesPayload(claim: claim), by: caller.actor, at: now, on: db)
        }
    }

    /// A step of the handling; with `sendToCustomer`, the customer is told (R6.4).
    public func addProgress(
        _ id: UUID, message: String, sendToCustomer: Bool, ifMatch version: Int?, by caller: Caller
    ) async throws -> WarrantyClaim {
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        let problems = ClaimProgress.problems(message: text)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let now = environment.now()
        return try await changeDocument(id, of: Self.claims, ifMatch: version, by: caller) { claim, order, db in
            let progress = ClaimProgress(
                at: now, by: caller.actor.description, message: text, sentToCustomer: sendToCustomer)
            claim.progress.append(progress)
            try await OrderChange.commit(
                order, sendToCustomer ? .claimProgressSent : .claimUpdated,
                AfterSalesPayload(claim: claim, progress: progress), reason: text, by: caller.actor, at: now, on: db)
        }
    }

    /// Books the repair as a new order of the same customer, item and store,
    /// at zero price (R6.3). A price below the catalog's sends it to review
    /// with the claim as the reason, as every price override does (R2.4):
    /// the reviewer confirms the warranty work before it is dispatched.
    public func openRepair(
        _ id: UUID, appointmentStart: Date?, appointmentEnd: Date?, ifMatch version: Int?, by caller: Caller
    ) async throws -> (WarrantyClaim, Order) {
        let existing = try await claim(id, by: caller)
        guard existing.status == .accepted, existing.assessment.eligible else { throw Self.notOpen }
        guard existing.repairOrderNumber == nil else {
            throw AppError.conflict(
                code: "claim.repairExists",
                message: LocalizedText(
                    zhHans: "已为该申请安排返修订单 \(existing.repairOrderNumber ?? "")",
                    en: "A repair order \(existing.repairOrderNumber ?? "") already exists for this request"))
        }
        let original = try await database.read { try await OrderRecords.find(id: existing.orderID, on: $0) }
        guard let original, let line = original.lines.first(where: { $0.itemCode == existing.itemCode }) else {
            throw Self.claimNotFound
        }
        let customer = original.customer
        let draft = OrderDraft(
            storeCode: original.storeCode, channel: .phone,
            customer: CustomerDraft(
                name: customer.name, phone: customer.phone,
                address: customer.address.map {
                    AddressDraft(province: $0.province, city: $0.city, district: $0.district, detail: $0.detail)
                }, tier: customer.tier, email: customer.email, language: customer.language),
            lines: [
                LineDraft(
                    itemCode: line.itemCode, specification: line.specification, quantity: line.quantity, unitPrice: 0,
                    priceOverrideReason: "保修返修 / warranty repair: \(original.number)")
            ], paymentMethod: original.paymentMethod, appointmentStart: appointmentStart,
            appointmentEnd: appointmentEnd, priority: .normal,
            notes: "售后申请 \(existing.id.uuidString.lowercased().prefix(8)) · 原订单 \(original.number)")
        // The request was accepted under the claims role; the order is taken
        // in the same person's name with the intake rights of that one store.
        let intakeCaller = Caller(
            actor: caller.actor, grants: [RoleGrant(role: .receptionist, scope: .stores([original.storeCode]))],
            staffID: caller.staffID)
        let repair = try await IntakeService(database: database, environment: environment, logger: logger)
            .createOrder(draft, by: intakeCaller, idempotencyKey: "claim-repair-\(existing.id.uuidString)").order.order
        let now = environment.now()
        let updated = try await changeDocument(id, of: Self.claims, ifMatch: version, by: caller) { claim, order, db in
            claim.repairOrderNumber = repair.number
            try await OrderChange.commit(
                order, .claimRepairOpened, AfterSalesPayload(claim: claim), reason: repair.number, by: caller.actor,
                at: now, on: db)
        }
        return (updated, repair)
    }

    /// Closes the claim with the customer's satisfaction (R6.4); the customer is told.
    public func closeClaim(
        _ id: UUID, satisfaction: Int?, solution: String, closingNote: String, ifMatch version: Int?,
        by caller: Caller
    ) async throws -> WarrantyClaim {
        let solution = solution.trimmingCharacters(in: .whitespacesAndNewlines)
        let note = closingNote.trimmingCharacters(in: .whitespacesAndNewlines)
        let problems = WarrantyClaim.closingProblems(satisfaction: satisfaction, solution: solution, closingNote: note)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let now = environment.now()
        return try await changeDocument(id, of: Self.claims, ifMatch: version, by: caller) { claim, order, db in
            claim.solution = solution
            claim.satisfaction = satisfaction
            claim.closingNote = note
            claim.closedAt = now
            claim.status = .closed
            try await OrderChange.commit(
                order, .claimClosed, AfterSalesPayload(claim: claim), reason: solution, by: caller.actor, at: now,
                on: db)
        }
    }

    static let notOpen = AppError.conflict(
        code: "claim.notOpen",
        message: LocalizedText(
            zhHans: "该申请未受理或已办结", en: "This request was not accepted or is already closed"))

    /// Claims as `changeDocument` finds and saves them: only an accepted one is handled.
    static let claims = OrderDocumentKind(
        table: WarrantyClaimRecords.documents,
        save: { try await WarrantyClaimRecords.update($0, expectedVersion: $1, on: $2) },
        right: .handleWarrantyClaims, record: .claim, notFound: claimNotFound, notOpen: notOpen,
        isOpen: { $0.status == .accepted })
}

import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

extension DeliveryService {
    /// The customer's answer given in person: signed on the technician's
    /// (or the store's) device, or written down by staff after an escalated
    /// lapse (R5.3). The signature is a PNG drawn on screen.
    public func decide(
        _ request: AcceptanceRequest, signature: Data?, on reference: String, by caller: Caller
    ) async throws -> DeliveryReport {
        let signatureType = try signature.map { try Self.checked($0, kind: .signature, declaredType: "image/png") }
        let now = environment.now()
        let signatureID = environment.newID()
        if let signature { try await storage.put(signature, sha256: Hashing.sha256Hex(signature)) }
        return try await write { db in
            let order = try await Self.orderToRecordOn(reference, by: caller, on: db)
            let own = try await Self.isOwnJob(order, caller, on: db)
            let mayForStore = caller.may(.handleDelivery, storeCode: order.storeCode)
            switch request.via {
            case .technicianDevice: break
            case .staffOnBehalf where mayForStore: break
            default: throw AppError.notAllowed
            }
            guard own || mayForStore else { throw AppError.notAllowed }
            var stored: UUID?
            if let signature, let signatureType {
                stored =
                    try await AttachmentRecords.insert(
                        Attachment(
                            id: signatureID, orderID: order.id, kind: .signature, type: signatureType,
                            sizeBytes: signature.count, sha256: Hashing.sha256Hex(signature),
                            fileName: "signature.png", uploadedBy: caller.actor.description, uploadedAt: now), on: db
                    ).id
            }
            return try await Self.answer(
                request, signatureID: stored, order: order, actor: caller.actor, at: now, on: db)
        }
    }

    /// The customer's answer through their own link, with reasons and
    /// photos (uploaded first through the same link) when rejecting.
    public func decide(_ request: AcceptanceRequest, trackingToken: String) async throws -> DeliveryReport {
        var request = request
        request.via = .customerLink
        let answer = request
        let now = environment.now()
        return try await write { db in
            let order = try await OrderLookup.byTrackingLink(trackingToken, on: db)
            return try await Self.answer(
                answer, signatureID: nil, order: order, actor: Actor(kind: .customer, id: "tracking-link"), at: now,
                on: db)
        }
    }

    /// Takes the answer on the order's current report: accepted → the
    /// order is delivered; rejected → rework, counted per technician, given
    /// back to those who did the work until someone reassigns it (R5.4).
    static func answer(
        _ request: AcceptanceRequest, signatureID: UUID?, order: Order, actor: Actor, at now: Date,
        on db: any SQLDatabase
    ) async throws -> DeliveryReport {
        guard let (current, version) = try await DeliveryReportRecords.forOrder(order.id, on: db).last else {
            throw AppError.conflict(
                code: "acceptance.noReport",
                message: LocalizedText(zhHans: "该订单尚无交付报告", en: "This order has no delivery report yet"))
        }
        let photos = try await AttachmentRecords.forOrder(order.id, on: db)
        var problems: [FieldProblem] = []
        for (index, id) in request.photoIDs.enumerated()
        where !photos.contains(where: { $0.id == id && $0.kind == .photo }) {
            problems.append(
                FieldProblem(
                    field: "photoIds[\(index)]", code: "acceptance.unknownPhoto",
                    message: LocalizedText(zhHans: "照片不属于此订单", en: "Not a photo of this order")))
        }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let acceptance: Acceptance
        do throws(AcceptanceRefusal) {
            acceptance = try current.decide(request, recordedBy: actor.description, at: now, signatureID: signatureID)
        } catch {
            throw refusal(error, zone: try await StoreZone.of(order.storeCode, on: db))
        }
        var report = current
        report.acceptance = acceptance
        report.status = acceptance.decision == .accepted ? .accepted : .rejected
        try await DeliveryReportRecords.update(report, expectedVersion: version, on: db)
        try await settle(report, order: order, actor: actor, at: now, on: db)
        return report
    }

    /// Moves the order after an answer and writes its events.
    static func settle(_ report: DeliveryReport, order: Order, actor: Actor, at now: Date, on db: any SQLDatabase)
        async throws
    {
        let system = Actor(kind: .system, id: "delivery")
        if report.status == .accepted {
            _ = try await OrderChange.commit(
                order, movingTo: .delivered,
                events: [
                    .init(.accepted, try OrderEventPayload(DeliveryPayload(report: report)), by: actor),
                    .init(
                        .delivered,
                        try OrderEventPayload(
                            DeliveryPayload(method: report.draft.method, deliveredAt: now), fromStatus: order.status,
                            toStatus: .delivered), by: system),
                ], at: now, on: db
            ).order
        } else {
            try await DeliveryReportRecords.markRework(report, at: now, on: db)
            _ = try await OrderChange.commit(
                order, movingTo: .rework,
                events: [
                    .init(
                        .acceptanceRejected,
                        try OrderEventPayload(
                            DeliveryPayload(report: report), fromStatus: order.status, toStatus: .rework,
                            reason: report.acceptance?.reasons), by: actor),
                    .init(
                        .reworkAssigned, try OrderEventPayload(DeliveryPayload(technicianIDs: report.technicianIDs)),
                        by: system),
                ], at: now, on: db
            ).order
        }
    }

    /// Gives the rework to other technicians of the store (R5.4); they then
    /// submit the new report from their job page.
    public func assignRework(_ technicianIDs: [UUID], on reference: String, by caller: Caller) async throws {
        let now = environment.now()
        try await write { db in
            guard let order = try await OrderLookup.find(reference, on: db),
                caller.may(.readOrder, storeCode: order.storeCode)
            else { throw AppError.orderNotFound(reference) }
            guard caller.may(.handleDelivery, storeCode: order.storeCode) else { throw AppError.notAllowed }
            guard order.status == .rework, let stored = try await AssignmentRecords.find(orderID: order.id, on: db)
            else {
                throw AppError.conflict(
                    code: "rework.notInRework",
                    message: LocalizedText(zhHans: "该订单当前不在返工中", en: "This order is not in rework"))
            }
            let technicians = try await StaffRecords.active(withRole: .technician, storeCode: order.storeCode, on: db)
            let known = Set(technicians.map(\.id))
            guard !technicianIDs.isEmpty, Set(technicianIDs).isSubset(of: known) else {
                throw AppError.invalid([
                    FieldProblem(
                        field: "technicianIds", code: "rework.technicians",
                        message: LocalizedText(
                            zhHans: "请选择本门店的服务人员", en: "Choose technicians of this order's store"))
                ])
            }
            var assignment = stored.assignment
            assignment.technicianIDs = technicianIDs
            try await AssignmentRecords.save(assignment, at: now, on: db)
            // The first visit's check-in and check-out stay facts of the job.
            if let checkedIn = stored.checkedInAt {
                try await AssignmentRecords.setCheckedIn(orderID: order.id, at: checkedIn, on: db)
            }
            if let checkedOut = stored.checkedOutAt {
                try await AssignmentRecords.setCheckedOut(orderID: order.id, at: checkedOut, on: db)
            }
            _ = try await OrderChange.commit(
                order, movingTo: nil,
                events: [
                    .init(
                        .reworkAssigned,
                        try OrderEventPayload(
                            DeliveryPayload(technicianIDs: technicianIDs),
                            previousTechnicians: stored.assignment.technicianIDs), by: caller.actor)
                ], at: now, on: db
            ).order
        }
    }

    /// The refusal in words; a deadline in the order's store's time.
    static func refusal(_ refusal: AcceptanceRefusal, zone: TimeZone) -> AppError {
        switch refusal {
        case .alreadyDecided(let status):
            .conflict(
                code: "acceptance.alreadyDecided",
                message: LocalizedText(
                    zhHans: "该交付报告已有验收结果（\(status.label.zhHans)）",
                    en: "This delivery report has already been answered (\(status.label.en.lowercased()))"))
        case .periodOver(let due):
            .conflict(
                code: "acceptance.periodOver",
                message: LocalizedText(
                    zhHans: "验收期限已于 \(Self.local(due, zone)) 截止，请联系门店",
                    en: "The acceptance period ended at \(Self.local(due, zone)); please contact the store"))
        case .notEscalated:
            .conflict(
                code: "acceptance.notEscalated",
                message: LocalizedText(
                    zhHans: "验收期内须由客户签字或通过链接确认；电话答复只能在验收期满升级后代为记录",
                    en: "Within the period the customer signs or answers by link; an answer by phone is recorded only "
                        + "after a lapsed period was escalated"))
        case .invalid(let problems): .invalid(problems)
        }
    }

    static func local(_ date: Date, _ zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}

import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

extension DeliveryService {
    /// The technician's delivery report (R5.2) after their self-check
    /// (R5.1): refused while an indicator of an item's acceptance criteria
    /// is unchecked, or failed without a justification. Submitting asks the
    /// customer to accept within the period (R5.3); after a rejection it is
    /// the rework's new report and acceptance request (R5.4).
    public func submitReport(
        _ draft: DeliveryReportDraft, on reference: String, ifMatch version: Int?, by caller: Caller
    ) async throws -> DeliveryReport {
        try caller.require(.workOnJob)
        let now = environment.now()
        let id = environment.newID()
        let cache = self.reference
        return try await write { db in
            let (order, stored) = try await JobService.visibleJob(reference, by: caller, on: db)
            let own = caller.staffID.map(stored.assignment.technicianIDs.contains) ?? false
            guard caller.may(.workOnJob, storeCode: order.storeCode, ownJob: own) else {
                throw AppError.forbidden(
                    LocalizedText(
                        zhHans: "只有被派到此任务的服务人员可以提交交付报告",
                        en: "Only the technicians on this job can submit its delivery report"))
            }
            if let version, version != order.version {
                throw AppError.versionMismatch(current: order.version, record: .order)
            }
            let serving = order.status == .inService && stored.checkedInAt != nil
            guard serving || order.status == .rework else {
                throw AppError.conflict(
                    code: "report.wrongStage",
                    message: LocalizedText(
                        zhHans: "签到开始服务后或返工中才能提交交付报告（当前：\(order.status.label.zhHans)）",
                        en:
                            "A delivery report follows check-in or rework (the order is \(order.status.label.en.lowercased()))"
                    ))
            }
            let items = Self.items(of: order, catalog: try await cache.current(on: db).catalog)
            var standards: [String: AcceptanceStandard] = [:]
            for item in items { standards[item.code] = item.acceptance }
            var problems = draft.problems(against: standards)
            let attachments = Dictionary(
                uniqueKeysWithValues: try await AttachmentRecords.forOrder(order.id, on: db).map { ($0.id, $0) })
            for (index, attachmentID) in draft.attachmentIDs.enumerated()
            where attachments[attachmentID].map({ $0.kind == .signature }) ?? true {
                problems.append(
                    FieldProblem(
                        field: "attachmentIds[\(index)]", code: "report.unknownAttachment",
                        message: LocalizedText(
                            zhHans: "附件不属于此订单或不是照片/文件", en: "Not a photo or document of this order")))
            }
            guard problems.isEmpty else { throw AppError.invalid(problems) }
            let previous = try await DeliveryReportRecords.forOrder(order.id, on: db)
            let period = DeliveryReport.periodHours(of: items.compactMap(\.acceptance))
            let report = DeliveryReport(
                id: id, orderID: order.id, orderNumber: order.number, storeCode: order.storeCode,
                round: previous.count + 1, technicianIDs: stored.assignment.technicianIDs, draft: draft,
                submittedBy: caller.actor.description, submittedAt: now,
                acceptanceDueAt: now.addingTimeInterval(Double(period) * 3600))
            try await DeliveryReportRecords.insert(report, on: db)
            _ = try await OrderChange.commit(
                order, movingTo: .awaitingAcceptance,
                events: [
                    .init(
                        .reportSubmitted,
                        try OrderEventPayload(
                            DeliveryPayload(report: report), fromStatus: order.status, toStatus: .awaitingAcceptance),
                        by: caller.actor)
                ], at: now, on: db
            ).order
            return report
        }
    }
}

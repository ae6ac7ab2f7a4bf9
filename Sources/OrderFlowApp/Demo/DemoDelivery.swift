import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore

/// The demo's deliveries and after-sales: most finished jobs were reported
/// and signed for on the technician's phone; one per store was rejected
/// through the customer's link and is in rework or back with a new report;
/// some reports are not written yet; one waits
/// for the customer (and lapses by the store's setting when the server
/// runs). A few customers came back under warranty: one covered, one not.
enum DemoDelivery {
    static func record(
        database: any OrderFlowDatabase, storage: any AttachmentStorage, now: Date, staff: [String: StaffMember],
        logger: Logger
    ) async throws {
        let catalog = Dictionary(uniqueKeysWithValues: DemoCatalog.items.map { ($0.code, $0) })
        let signature = Data(base64Encoded: DemoDeliveryCatalog.signaturePNG)
        var delivered: [(String, String)] = []
        for store in DemoCatalog.stores {
            let finished = try await database.read { db in
                try await AssignmentRecords.forStore(
                    store.code, from: now.addingTimeInterval(-14 * 86_400), before: now, on: db)
            }.filter { $0.checkedOutAt != nil }.sorted { $0.assignment.start < $1.assignment.start }
            for (index, stored) in finished.enumerated() {
                guard let checkedOut = stored.checkedOutAt, let lead = stored.assignment.technicianIDs.first,
                    let member = try await database.read({ try await StaffRecords.find(id: lead, on: $0) }),
                    let order = try await database.read({
                        try await OrderRecords.find(id: stored.assignment.orderID, on: $0)
                    })
                else { continue }
                let technician = Caller.staff(member)
                let service = { (instant: Date) in
                    DeliveryService(database: database, storage: storage, environment: .at { instant }, logger: logger)
                }
                let draft = Self.draft(for: order, catalog: catalog)
                // Every seventh technician has not written the report yet.
                if index % 7 == 6 { continue }
                do {
                    _ = try await service(checkedOut.addingTimeInterval(-600)).submitReport(
                        draft, on: order.number, ifMatch: nil, by: technician)
                    switch index % 5 {
                    case 3:
                        let link = try await Self.link(order, at: checkedOut, on: database)
                        _ = try await service(checkedOut.addingTimeInterval(3 * 3600)).decide(
                            AcceptanceRequest(
                                decision: .rejected, via: .customerLink, reasons: "边角还有污渍，希望重新处理一下"),
                            trackingToken: link)
                        // Some are put right already; the others are still in rework.
                        if index % 10 == 3 {
                            _ = try await service(checkedOut.addingTimeInterval(26 * 3600)).submitReport(
                                draft, on: order.number, ifMatch: nil, by: technician)
                        }
                    case 4:
                        break
                    default:
                        _ = try await service(checkedOut.addingTimeInterval(-300)).decide(
                            AcceptanceRequest(
                                decision: .accepted, via: .technicianDevice, signerName: order.customer.name),
                            signature: signature, on: order.number, by: technician)
                        if let line = order.lines.first { delivered.append((order.number, line.itemCode)) }
                    }
                } catch let error as AppError {
                    logger.debug("demo delivery skipped", metadata: ["reason": "\(error)"])
                }
            }
        }
        // Air-conditioner customers: a leak is covered, a smell is not.
        let airConditioners = delivered.filter { catalog[$0.1]?.warranty?.scope.contains("leak") ?? false }
        try await claims(airConditioners, database: database, now: now, staff: staff, logger: logger)
    }

    /// A report that passes every indicator of the order's items.
    static func draft(for order: Order, catalog: [String: ServiceItem]) -> DeliveryReportDraft {
        let checks = Set(order.lines.map(\.itemCode)).sorted().compactMap { code -> ItemSelfCheck? in
            guard let standard = catalog[code]?.acceptance else { return nil }
            return ItemSelfCheck(
                itemCode: code,
                check: SelfCheck(results: standard.indicators.map { .init(code: $0.code, passed: true) }))
        }
        let names = order.lines.compactMap { catalog[$0.itemCode]?.name.zhHans }.joined(separator: "、")
        return DeliveryReportDraft(
            workDone: "完成：\(names)。按服务标准作业，已向客户说明使用注意事项。", results: "自检全部达标，客户现场查看无异议。",
            customerFeedback: "满意", selfChecks: checks,
            method: catalog[order.lines.first?.itemCode ?? ""]?.location == .inStore ? .inStore : .onSite)
    }

    static func link(_ order: Order, at instant: Date, on database: any OrderFlowDatabase) async throws -> String {
        let token = "demo-\(order.number.lowercased())"
        try await database.write {
            try await TrackingLinkRecords.insert(secret: token, orderID: order.id, at: instant, on: $0)
        }
        return token
    }

    /// Two customers come back: a leak within the warranty, and a smell the
    /// warranty does not cover.
    static func claims(
        _ delivered: [(String, String)], database: any OrderFlowDatabase, now: Date, staff: [String: StaffMember],
        logger: Logger
    ) async throws {
        guard let agent = staff["cs.liu"].map(Caller.staff) else { return }
        let afterSales = AfterSalesService(database: database, environment: .at { now }, logger: logger)
        let wanted: [(String, String)] = [("leak", "空调清洗后内机一直滴水"), ("odor", "清洗后出风有异味")]
        for ((number, item), (problem, text)) in zip(delivered.prefix(wanted.count), wanted) {
            do {
                let claim = try await afterSales.receiveClaim(
                    ClaimDraft(channel: .phone, itemCode: item, problem: problem, description: text),
                    orderNumber: number, by: agent)
                if claim.status == .accepted {
                    _ = try await afterSales.addProgress(
                        claim.id, message: "已联系客户，安排师傅明天上门检查", sendToCustomer: true, ifMatch: nil, by: agent)
                }
            } catch let error as AppError {
                logger.debug("demo claim skipped", metadata: ["reason": "\(error)"])
            }
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// The delivery report as a printable document (R5.5): the final report
/// with its self-check, work, materials, photos and the customer's
/// signature, which becomes part of the order's record. The customer is
/// masked exactly as on the order page.
extension DeliveryChapter {
    struct DeliveryReportPage: Sendable {
        struct EarlierRound: Sendable {
            let round: Int
            let statusLabel: String
            let submittedAt: String
            let rejectedBecause: String?
        }

        let store: String
        let storeAddress: String
        let storePhone: String
        let number: String
        let orderHref: String
        let customerName: String
        let customerPhone: String
        let customerAddress: String
        let customerMasked: Bool
        let appointment: String
        let lines: [String]
        let report: DeliveryRoundView?
        let earlier: [EarlierRound]
        let hasEarlier: Bool
        let reworkCount: Int
        let deliveredAt: String?
        let deliveredMethod: String
        let printedAt: String
    }

    func printableReport(_ reference: String, _ visit: ConsoleVisit) async throws -> Response {
        let shown = try await intake.order(reference, by: visit.caller)
        let view = try await delivery.delivery(reference, by: visit.caller)
        let order = shown.order
        let language = visit.language
        let store = try? await referenceData.store(code: order.storeCode, by: visit.caller)
        let zone = try await zone(ofStore: order.storeCode)
        let catalog = Dictionary(
            try await referenceData.catalog(by: visit.caller).map { ($0.code, $0) },
            uniquingKeysWith: { first, _ in first })
        let names = Self.actorNames(await storeStaff(order.storeCode, visit))
        // The accepted report is the one delivered; until then, the latest.
        let final = view.accepted ?? view.current
        let address =
            order.customer.address.map {
                [$0.province, $0.city, $0.district, $0.detail].filter { !$0.isEmpty }.joined(separator: " ")
            } ?? ""
        let page = DeliveryReportPage(
            store: store?.name.text(in: language) ?? order.storeCode,
            storeAddress: store.map {
                [$0.address.city, $0.address.district, $0.address.detail].joined(separator: " ")
            }
                ?? "", storePhone: store?.phone ?? "", number: order.number,
            orderHref: "/console/orders/\(ConsoleForm.percentEncoded(order.number))",
            customerName: order.customer.name, customerPhone: order.customer.phone, customerAddress: address,
            customerMasked: shown.personalData == .masked,
            appointment: ConsoleDates.window(order.appointment.start, order.appointment.end, in: zone),
            lines: order.lines.map { line in
                let name = catalog[line.itemCode]?.name.text(in: language) ?? line.itemCode
                return "\(name) · \(line.specification) × \(line.quantity)"
            },
            report: final.map { report in
                DeliveryRoundView(
                    report, of: view, language: language, t: visit.t, zone: zone, names: names,
                    href: { "/console/attachments/\($0.uuidString)" })
            },
            earlier: view.reports.filter { $0.id != final?.id }.map { report in
                DeliveryReportPage.EarlierRound(
                    round: report.round, statusLabel: report.status.label.text(in: language),
                    submittedAt: ConsoleDates.instant(report.submittedAt, in: zone),
                    rejectedBecause: report.acceptance?.reasons.trimmedOrNil)
            },
            hasEarlier: view.reports.count > 1, reworkCount: view.reworkCount,
            deliveredAt: view.delivered.map { ConsoleDates.instant($0.at, in: zone) },
            deliveredMethod: view.delivered?.method.label.text(in: language) ?? "",
            printedAt: ConsoleDates.instant(visit.now, in: zone))
        return renderer.page(
            "delivery-report",
            visit.frame(title: "\(visit.t["delivery_reportTitle"] ?? "") \(order.number)", current: "orders"), page)
    }
}

import Foundation
import OrderFlowApp
import OrderFlowCore

/// What was typed into the order page's delivery forms (rework, the
/// customer's answer by phone), kept on a refused submit.
struct DeliveryOrderTyped: Sendable {
    var action: String
    var fields: [String: [String]]
    var messages: [String]

    func value(_ name: String) -> String { fields[name]?.first ?? "" }
}

/// The order page's "Delivery" section (R5.1–R5.5): every report round
/// with its answer, the rework count, when and how the order was
/// delivered, and for staff who handle delivery the rework assignment and
/// the customer's answer taken by phone after an escalated lapse.
struct DeliveryOrderSection: Sendable {
    let number: String
    let rounds: [DeliveryRoundView]
    let hasRounds: Bool
    let reworkCount: Int
    let deliveredAt: String?
    let deliveredMethod: String
    let printHref: String
    let canAssignRework: Bool
    let technicians: [Choice]
    let reworkMessages: [String]
    let canRecordByPhone: Bool
    let phoneMessages: [String]
    let phoneSigner: String
    let phoneReasons: String
    let phoneAccepted: Bool
    let phoneRejected: Bool

    init(
        _ view: DeliveryView, visit: ConsoleVisit, zone: TimeZone, names: [String: String], technicians: [StaffMember],
        assigned: [UUID], typed: DeliveryOrderTyped?
    ) {
        let order = view.order
        let language = visit.language
        number = order.number
        rounds = view.reports.reversed().map { report in
            DeliveryRoundView(
                report, of: view, language: language, t: visit.t, zone: zone, names: names,
                href: { "/console/attachments/\($0.uuidString)" })
        }
        hasRounds = !rounds.isEmpty
        reworkCount = view.reworkCount
        deliveredAt = view.delivered.map { ConsoleDates.instant($0.at, in: zone) }
        deliveredMethod = view.delivered?.method.label.text(in: language) ?? ""
        printHref = "/console/orders/\(ConsoleForm.percentEncoded(order.number))/delivery-report"
        let handles = visit.caller.may(.handleDelivery, storeCode: order.storeCode)
        canAssignRework = handles && order.status == .rework
        let rework = typed?.action == "rework" ? typed : nil
        let chosen =
            rework.map { Set(($0.fields["technician"] ?? []).compactMap(UUID.init(uuidString:))) } ?? Set(assigned)
        self.technicians = technicians.map {
            Choice(
                value: $0.id.uuidString, label: "\($0.displayName) (\($0.username))", selected: chosen.contains($0.id))
        }
        reworkMessages = rework?.messages ?? []
        // After an escalated lapse the link no longer answers; staff write down what the customer said.
        let current = view.current
        canRecordByPhone =
            handles && current?.status == .awaiting && current?.lapsedAt != nil && current?.lapseAction == .escalate
        let phone = typed?.action == "on-behalf" ? typed : nil
        phoneMessages = phone?.messages ?? []
        phoneSigner = phone?.value("signerName") ?? ""
        phoneReasons = phone?.value("reasons") ?? ""
        phoneAccepted = phone?.value("decision") != "rejected"
        phoneRejected = phone?.value("decision") == "rejected"
    }
}

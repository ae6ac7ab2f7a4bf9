import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// The order page's delivery section and its forms (R5.4, R5.3): rework
/// given to other technicians, and the customer's answer taken by phone.
extension DeliveryChapter {
    /// Nil until the order has a delivery report.
    func deliveryOrderSection(_ order: Order, _ visit: ConsoleVisit, zone: TimeZone, typed: DeliveryOrderTyped?)
        async throws -> DeliveryOrderSection?
    {
        let view = try await delivery.delivery(order.number, by: visit.caller)
        guard !view.reports.isEmpty else { return nil }
        let staff = await storeStaff(order.storeCode, visit)
        let assigned = (try? await jobs.job(order.number, by: visit.caller))?.assignment.technicianIDs ?? []
        return DeliveryOrderSection(
            view, visit: visit, zone: zone, names: Self.actorNames(staff),
            technicians: (try? await tracking.technicians(of: order.storeCode, by: visit.caller)) ?? [],
            assigned: assigned, typed: typed)
    }

    /// The store's people (for names and the rework choice); none when the
    /// person may not list them.
    func storeStaff(_ storeCode: String, _ visit: ConsoleVisit) async -> [StaffMember] {
        (try? await tracking.colleagues(of: storeCode, by: visit.caller)) ?? []
    }

    /// `staff:sh.tech1` → 张师傅, as reports and answers name who recorded them.
    static func actorNames(_ staff: [StaffMember]) -> [String: String] {
        Dictionary(
            staff.map { (Caller.staff($0).actor.description, $0.displayName) }, uniquingKeysWith: { first, _ in first })
    }

    func orderDeliveryAction(_ request: Request, reference: String, action: String, _ visit: ConsoleVisit)
        async throws -> Response
    {
        guard let form = await ConsoleForm.read(request),
            ConsoleGate.checkCSRF(form.mapValues { $0.first ?? "" }, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        let value = { (name: String) in form[name]?.first ?? "" }
        do {
            switch action {
            case "rework":
                let chosen = (form["technician"] ?? []).compactMap(UUID.init(uuidString:))
                try await delivery.assignRework(chosen, on: reference, by: visit.caller)
            case "on-behalf":
                _ = try await delivery.decide(
                    AcceptanceRequest(
                        decision: value("decision") == "rejected" ? .rejected : .accepted, via: .staffOnBehalf,
                        signerName: value("signerName").trimmedOrNil, reasons: value("reasons")),
                    signature: nil, on: reference, by: visit.caller)
            default: throw AppError.notFound(renderer.messages.localized("delivery_noAction"))
            }
        } catch let error as AppError {
            let (status, messages) = try formRefusal(error, visit)
            return try await chapter(IntakeChapter.self).orderDetail(
                reference, visit, status: status,
                delivery: DeliveryOrderTyped(action: action, fields: form, messages: messages))
        }
        let done = action == "rework" ? "rework" : "answered"
        return ConsoleRenderer.redirect("/console/orders/\(ConsoleForm.percentEncoded(reference))?done=\(done)")
    }
}

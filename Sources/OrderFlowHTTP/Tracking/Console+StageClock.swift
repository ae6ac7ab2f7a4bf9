import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// Pausing and resuming an order's stage clock from its page (R4.4).
extension TrackingChapter {
    func changeClock(_ request: Request, reference: String, action: String, _ visit: ConsoleVisit) async throws
        -> Response
    {
        guard let form = await ConsoleForm.read(request).map({ $0.mapValues { $0.first ?? "" } }),
            ConsoleGate.checkCSRF(form, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        switch action {
        case "pause": _ = try await tracking.pauseClock(reference, reason: form["reason"], by: visit.caller)
        case "resume": _ = try await tracking.resumeClock(reference, by: visit.caller)
        default: throw AppError.notFound(LocalizedText(zhHans: "没有此操作", en: "No such action"))
        }
        return ConsoleRenderer.redirect("/console/orders/\(ConsoleForm.percentEncoded(reference))?done=clock")
    }
}

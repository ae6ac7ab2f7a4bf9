import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// The customer's rating and comment from their tracking page (R4.3).
extension BookingChapter {
    func giveFeedback(_ request: Request, token: String) async throws -> Response {
        let form = await ConsoleForm.read(request).map { $0.mapValues { $0.first ?? "" } } ?? [:]
        guard Self.sameToken(form["csrf"], request) else {
            let language = ConsoleGate.language(of: request)
            return publicMessage(
                renderer.messages.table(language)["track_delivery_expired"], language: language, status: .forbidden)
        }
        let back = "/track/\(ConsoleForm.percentEncoded(token))"
        do {
            _ = try await tracking.customerFeedback(
                trackingToken: token, rating: form["rating"].flatMap { Int($0) }, comment: form["comment"])
        } catch AppError.notFound {
            let language = ConsoleGate.language(of: request)
            let t = renderer.messages.table(language)
            return renderer.page(
                "public-message", PublicMessage(t: t, lang: language.rawValue, message: t["track_notFound"] ?? ""),
                status: .notFound)
        } catch AppError.invalid {
            return ConsoleRenderer.redirect(back + "?feedbackError=empty#rate")
        } catch AppError.conflict(let code, _) {
            return ConsoleRenderer.redirect(
                back + "?feedbackError=\(code == "feedback.tooEarly" ? "tooEarly" : "enough")#rate")
        }
        return ConsoleRenderer.redirect(back + "?feedback=1#rate")
    }
}

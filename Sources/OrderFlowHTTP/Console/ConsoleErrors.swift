import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// How the console shows a refusal: above a form, or as a page of its own.
extension ConsoleRoutes {
    /// A refusal a form shows above itself: field problems (422) or a
    /// conflict with the current state (409). Anything else is rethrown,
    /// for the error page.
    func formRefusal(_ error: AppError, _ visit: ConsoleVisit, namingFields: Bool = false) throws -> (
        HTTPResponse.Status, [String]
    ) {
        switch error {
        case .invalid(let problems):
            (
                .unprocessableContent,
                problems.map {
                    $0.message.text(in: visit.language) + (namingFields ? " (\($0.field))" : "")
                }
            )
        case .conflict(_, let message): (.conflict, [message.text(in: visit.language)])
        default: throw error
        }
    }

    func errorPage(_ error: AppError, _ visit: ConsoleVisit) -> Response {
        let (status, message): (HTTPResponse.Status, String) =
            switch error {
            case .notFound(let text): (.notFound, text.text(in: visit.language))
            case .forbidden(let text): (.forbidden, text.text(in: visit.language))
            case .conflict(_, let text): (.conflict, text.text(in: visit.language))
            case .versionMismatch: (.preconditionFailed, visit.t["error_changed"] ?? "")
            case .invalid(let problems):
                (.unprocessableContent, problems.map { $0.message.text(in: visit.language) }.joined(separator: " "))
            case .unauthenticated(let text): (.unauthorized, text.text(in: visit.language))
            case .idempotencyKeyReused: (.unprocessableContent, visit.t["error_resubmitted"] ?? "")
            case .tooManyAttempts: (.tooManyRequests, visit.t["error_tooMany"] ?? "")
            }
        return renderer.page(
            "error", visit.frame(title: visit.t["error_title"] ?? "", current: ""),
            ErrorPage(
                message: message),
            status: status)
    }

    static let forgedForm = LocalizedText(
        zhHans: "表单已失效或不是本系统发出的，请刷新页面后重试", en: "The form expired or was not ours; reload the page and retry")
}

struct ErrorPage: Sendable {
    let message: String
}

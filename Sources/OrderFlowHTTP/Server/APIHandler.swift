import Logging
import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore

/// Implements the operations of openapi.yaml by calling the use cases. No
/// business rule lives here: only translation between HTTP and App.
/// The operations are spread over one file per chapter (`Intake/`, `Stores/`, `Access/`).
struct APIHandler: APIProtocol, UsesServices {
    let services: OrderFlowServices
    let logger: Logger

    /// The authenticated caller, set by `GuardMiddleware`.
    var caller: Caller {
        get throws {
            guard let caller = RequestScope.caller else { throw RequestRefusal.missingToken }
            return caller
        }
    }

    var language: Language { RequestScope.language }

    /// The answer to every change of an order: the order and its new ETag.
    func changed(_ shown: ShownOrder) -> (headers: Components.Headers.ETag, body: Components.Schemas.Order) {
        (ETag.make(version: shown.order.version), .init(shown, language: language))
    }
}

enum QueryProblem {
    static func invalid(_ field: String, _ message: LocalizedText) -> AppError {
        .invalid([FieldProblem(field: field, code: "query.invalid", message: message)])
    }

    static func limit(_ value: Int?) throws -> Int {
        guard let value else { return 50 }
        guard (1...200).contains(value) else {
            throw invalid("limit", LocalizedText(zhHans: "每页条数须在 1 到 200 之间", en: "limit must be from 1 to 200"))
        }
        return value
    }

    static func cursor(_ token: String?) throws -> OrderCursor? {
        guard let token else { return nil }
        guard let cursor = OrderCursor(token: token) else {
            throw invalid("cursor", LocalizedText(zhHans: "分页游标无效", en: "The cursor is not valid"))
        }
        return cursor
    }
}

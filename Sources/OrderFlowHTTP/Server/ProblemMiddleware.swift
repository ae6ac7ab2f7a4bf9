import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime
import OrderFlowApp
import OrderFlowCore

/// Picks the reply language, and turns every error of an API operation into its problem+json answer, so
/// that handlers simply throw. Bad input is always a 4xx; only a real fault
/// of ours becomes a 500, and it is logged.
struct ProblemMiddleware: ServerMiddleware {
    let logger: Logger

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let language = Language.preferred(fromAcceptLanguage: request.headerFields[.acceptLanguage])
        return await RequestScope.$language.withValue(language) {
            do {
                return try await next(request, body, metadata)
            } catch {
                return answer(for: error, operationID: operationID)
            }
        }
    }

    func answer(for error: any Error, operationID: String) -> (HTTPResponse, HTTPBody?) {
        var cause = error
        var description = ""
        // The generated server wraps handler and middleware errors; the cause is inside.
        while let server = cause as? ServerError {
            description = server.causeDescription
            cause = server.underlyingError
        }
        switch cause {
        case let error as AppError: return answer(for: error)
        case let error as ValidationFailure: return answer(for: AppError.invalid(error.problems))
        case let error as RequestRefusal: return error.response
        case let error as DecodingError: return answer(for: error)
        default:
            // OpenAPIRuntime's own request errors (missing header, wrong content
            // type, bad query value) are internal to it: recognised by type name.
            if String(describing: type(of: cause)) == "RuntimeError" {
                return Problem.response(
                    .badRequest, title: Problem.malformedTitle,
                    detail: LocalizedText(zhHans: "请求的参数、请求头或内容类型无法读取", en: description))
            }
            // `describing`, not `reflecting`: database errors' debug text carries
            // the query's bound values, which can be personal data (R1.4).
            logger.error(
                "request failed",
                metadata: [
                    "operation": "\(operationID)", "errorType": "\(type(of: cause))",
                    "error": "\(String(describing: cause))",
                ])
            return Problem.response(
                .internalServerError, title: LocalizedText(zhHans: "服务器内部错误", en: "Internal server error"))
        }
    }

    private func answer(for error: AppError) -> (HTTPResponse, HTTPBody?) {
        switch error {
        case .invalid(let problems):
            return Problem.response(.unprocessableContent, title: Problem.validationTitle, errors: problems)
        case .notFound(let message):
            return Problem.response(.notFound, title: LocalizedText(zhHans: "未找到", en: "Not found"), detail: message)
        case .conflict(let code, let message):
            return Problem.response(
                .conflict, title: LocalizedText(zhHans: "操作冲突", en: "Conflict"), detail: message, code: code)
        case .versionMismatch(let current, let record):
            return Problem.response(
                .preconditionFailed, title: record.changedTitle,
                detail: LocalizedText(
                    zhHans: "If-Match 与当前版本 v\(current) 不符，请重新读取后再操作",
                    en: "If-Match does not name the current version v\(current); read it again"),
                code: record.mismatchCode, extraHeaders: [.eTag: ETag.make(version: current)])
        case .idempotencyKeyReused:
            return Problem.response(
                .unprocessableContent, title: Problem.validationTitle,
                errors: [
                    FieldProblem(
                        field: "Idempotency-Key", code: "idempotency.keyReused",
                        message: LocalizedText(
                            zhHans: "该幂等键已用于另一个不同的请求", en: "This key was already used for a different request"))
                ])
        case .unauthenticated(let message):
            return Problem.response(
                .unauthorized, title: LocalizedText(zhHans: "未通过身份验证", en: "Not authenticated"), detail: message,
                code: "auth.unauthenticated", extraHeaders: [.wwwAuthenticate: "Bearer"])
        case .forbidden(let message):
            return Problem.response(
                .forbidden, title: LocalizedText(zhHans: "无权操作", en: "Forbidden"), detail: message,
                code: "auth.forbidden")
        case .tooManyAttempts(let seconds):
            return Problem.response(
                .tooManyRequests, title: LocalizedText(zhHans: "尝试次数过多", en: "Too many attempts"),
                detail: LocalizedText(
                    zhHans: "登录失败次数过多，请 \((seconds + 59) / 60) 分钟后再试",
                    en: "Too many failed sign-ins; try again in \((seconds + 59) / 60) minutes"),
                code: "auth.tooManyAttempts", extraHeaders: [.retryAfter: String(seconds)])
        }
    }

    /// Syntax errors are 400; well-formed JSON with a wrong type, an unknown
    /// enum value or a missing member is 422 naming the field.
    private func answer(for error: DecodingError) -> (HTTPResponse, HTTPBody?) {
        let path: [any CodingKey] =
            switch error {
            case .typeMismatch(_, let context): context.codingPath
            case .valueNotFound(_, let context): context.codingPath
            case .keyNotFound(let key, let context): context.codingPath + [key]
            case .dataCorrupted(let context): context.codingPath
            @unknown default: []
            }
        let field = FieldPath.render(path)
        guard !field.isEmpty else {
            return Problem.response(
                .badRequest, title: Problem.malformedTitle,
                detail: LocalizedText(zhHans: "请求体不是有效的 JSON", en: "The body is not valid JSON"))
        }
        // The schema check names wrong types first; this is the net behind
        // it, and never shows the decoder's own English.
        let message = LocalizedText(zhHans: "字段类型或取值不正确", en: "Wrong type or value")
        return Problem.response(
            .unprocessableContent, title: Problem.validationTitle,
            errors: [FieldProblem(field: field, code: "value.invalid", message: message)])
    }
}

/// `lines[1].quantity` from a decoding path.
enum FieldPath {
    static func render(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }
}

import Foundation
import HTTPTypes
import OpenAPIRuntime
import OrderFlowAPI
import OrderFlowCore

/// Builds `application/problem+json` answers (RFC 9457, DESIGN.md §4).
enum Problem {
    static func response(
        _ status: HTTPResponse.Status, title: LocalizedText, detail: LocalizedText? = nil, code: String? = nil,
        errors: [FieldProblem] = [], extraHeaders: HTTPFields = [:]
    ) -> (HTTPResponse, HTTPBody) {
        let (head, data) = encoded(
            status, title: title, detail: detail, code: code, errors: errors, extraHeaders: extraHeaders)
        return (head, HTTPBody(data))
    }

    /// The same answer as bytes, for routes outside the generated API.
    static func encoded(
        _ status: HTTPResponse.Status, title: LocalizedText, detail: LocalizedText? = nil, code: String? = nil,
        errors: [FieldProblem] = [], extraHeaders: HTTPFields = [:]
    ) -> (HTTPResponse, Data) {
        let language = RequestScope.language
        let problem = Components.Schemas.Problem(
            _type: "about:blank", title: title.text(in: language), status: status.code,
            detail: detail?.text(in: language), code: code,
            errors: errors.isEmpty
                ? nil
                : errors.map { .init(field: $0.field, code: $0.code, message: $0.message.text(in: language)) },
            requestId: RequestScope.requestID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(problem)) ?? Data("{\"title\":\"error\"}".utf8)
        var headers = extraHeaders
        headers[.contentType] = "application/problem+json; charset=utf-8"
        return (HTTPResponse(status: status, headerFields: headers), data)
    }

    static let validationTitle = LocalizedText(zhHans: "提交的内容有误", en: "The request has invalid fields")
    static let malformedTitle = LocalizedText(zhHans: "请求格式错误", en: "The request is malformed")
}

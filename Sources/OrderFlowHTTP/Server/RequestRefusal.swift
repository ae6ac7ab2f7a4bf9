import HTTPTypes
import OpenAPIRuntime
import OrderFlowCore

/// A request refused before any use case runs: no or a wrong credential,
/// a body over the limit.
enum RequestRefusal: Error {
    case missingToken
    case invalidToken
    case invalidSignature
    case unknownPlatform
    case bodyTooLarge(limit: Int)
    /// A change sent with a session cookie but without its CSRF token.
    case csrfTokenMissing
    /// The operation has no entry in `OperationPolicy`: refused, so that a
    /// new endpoint cannot be open by accident.
    case operationWithoutPolicy
    var response: (HTTPResponse, HTTPBody?) {
        let unauthorized = LocalizedText(zhHans: "未通过身份验证", en: "Not authenticated")
        switch self {
        case .missingToken:
            return Problem.response(
                .unauthorized, title: unauthorized,
                detail: LocalizedText(
                    zhHans: "请先登录，或在 Authorization 头中提供 Bearer 令牌",
                    en: "Sign in, or send a bearer token in the Authorization header"),
                code: "auth.tokenMissing", extraHeaders: [.wwwAuthenticate: "Bearer"])
        case .invalidToken:
            return Problem.response(
                .unauthorized, title: unauthorized,
                detail: LocalizedText(zhHans: "令牌无效", en: "The token is not valid"), code: "auth.tokenInvalid",
                extraHeaders: [.wwwAuthenticate: "Bearer error=\"invalid_token\""])
        case .invalidSignature:
            return Problem.response(
                .unauthorized, title: unauthorized,
                detail: LocalizedText(
                    zhHans: "签名校验失败", en: "The X-OrderFlow-Signature does not match the body"),
                code: "auth.signatureInvalid")
        case .unknownPlatform:
            return Problem.response(
                .unauthorized, title: unauthorized,
                detail: LocalizedText(zhHans: "未登记的平台", en: "This platform is not registered"),
                code: "auth.platformUnknown")
        case .csrfTokenMissing:
            return Problem.response(
                .forbidden, title: LocalizedText(zhHans: "无权操作", en: "Forbidden"),
                detail: LocalizedText(
                    zhHans: "缺少或伪造的 CSRF 令牌，请刷新页面后重试", en: "Missing or forged CSRF token; reload the page and retry"),
                code: "auth.csrfInvalid")
        case .operationWithoutPolicy:
            return Problem.response(
                .forbidden, title: LocalizedText(zhHans: "无权操作", en: "Forbidden"),
                detail: LocalizedText(zhHans: "此操作尚未纳入权限策略", en: "This operation has no access policy"),
                code: "auth.noPolicy")
        case .bodyTooLarge(let limit):
            return Problem.response(
                .contentTooLarge, title: LocalizedText(zhHans: "请求体过大", en: "The body is too large"),
                detail: LocalizedText(zhHans: "请求体不能超过 \(limit) 字节", en: "The body may be at most \(limit) bytes"),
                code: "request.tooLarge")
        }
    }
}

import Crypto
import Foundation
import HTTPTypes
import OpenAPIRuntime
import OrderFlowApp
import OrderFlowCore

/// `Idempotency-Key` on every POST of the API (B6): the first answer is kept
/// for a day under the caller's key and sent again to a retry; the key on a
/// different request is a 422; a twin arriving while the first is still
/// being answered is a 409. Only successful answers are kept, so a refused
/// request can be corrected and sent again with its key.
struct IdempotencyMiddleware: ServerMiddleware {
    let replays: RequestReplayService
    /// Answers larger than this are sent but not kept (files are fetched, not created, by GET).
    static let largestKept = 1024 * 1024
    static let keptHeaders: [HTTPField.Name] = [.contentType, .eTag, .location]

    /// What makes two requests the same request: operation, path and body.
    static func requestHash(operationID: String, path: String, body: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("\(operationID)\n\(path)\n".utf8))
        hasher.update(data: body)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard request.method == .post, let key = request.headerFields[.idempotencyKey],
            let caller = RequestScope.caller
        else { return try await next(request, body, metadata) }
        guard (1...200).contains(key.count), !key.hasControlCharacters else {
            throw AppError.invalid([
                FieldProblem(
                    field: "Idempotency-Key", code: "idempotency.keyInvalid",
                    message: LocalizedText(zhHans: "幂等键长度须为 1 到 200 个字符", en: "The key must be 1 to 200 characters"))
            ])
        }
        var bytes: [UInt8] = []
        if let body { bytes = try await [UInt8](collecting: body, upTo: .max) }
        // The same JSON written with its members in another order is the same request.
        let canonical = JSONValue.parse(bytes).map { $0.encoded(sortingKeys: true) } ?? bytes
        let hash = Self.requestHash(operationID: operationID, path: request.path ?? "", body: canonical)
        let scope = caller.actor.description
        switch try await replays.start(scope: scope, key: key, operation: operationID, requestHash: hash) {
        case .reused:
            throw AppError.idempotencyKeyReused
        case .inFlight:
            throw AppError.conflict(
                code: "idempotency.inFlight",
                message: LocalizedText(
                    zhHans: "使用同一幂等键的请求仍在处理中，请稍后重试",
                    en: "A request with this Idempotency-Key is still being answered; retry shortly"))
        case .replay(let status, let headers, let stored):
            var fields = HTTPFields()
            for (name, value) in headers { if let name = HTTPField.Name(name) { fields[name] = value } }
            fields[.idempotentReplayed] = "true"
            return (HTTPResponse(status: .init(code: status), headerFields: fields), HTTPBody(stored))
        case .proceed:
            break
        }
        let response: HTTPResponse
        let answer: [UInt8]
        do {
            let (head, answerBody) = try await next(request, body == nil ? nil : HTTPBody(bytes), metadata)
            response = head
            if let answerBody {
                answer = try await [UInt8](collecting: answerBody, upTo: .max)
            } else {
                answer = []
            }
        } catch {
            try? await replays.abandon(scope: scope, key: key)
            throw error
        }
        if (200..<300).contains(response.status.code), answer.count <= Self.largestKept {
            var kept: [String: String] = [:]
            for name in Self.keptHeaders { if let value = response.headerFields[name] { kept[name.rawName] = value } }
            try await replays.finish(
                scope: scope, key: key, status: response.status.code, headers: kept, body: Data(answer))
        } else {
            try? await replays.abandon(scope: scope, key: key)
        }
        return (response, HTTPBody(answer))
    }
}

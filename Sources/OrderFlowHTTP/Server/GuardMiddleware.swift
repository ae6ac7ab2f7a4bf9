import Crypto
import Foundation
import HTTPTypes
import OpenAPIRuntime
import OrderFlowApp
import OrderFlowCore

/// The gate every API operation passes (DESIGN.md §4): reads the body up
/// to the size limit, finds out who the caller is, and refuses operations
/// the caller's roles never allow. Callers are integrations with a bearer
/// token, people with a console session (changes also need the session's
/// CSRF token), or platforms signing their body with HMAC. The App layer
/// then decides per store and per record.
struct GuardMiddleware: ServerMiddleware {
    let access: AccessService
    let platformSecrets: [String: String]
    let maxBodyBytes: Int

    init(config: AppConfig, access: AccessService) {
        self.access = access
        platformSecrets = config.platformSecrets
        maxBodyBytes = config.maxBodyBytes
    }

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let bytes = try await collect(body, limit: Self.largerBodies[operationID] ?? maxBodyBytes)
        let (caller, session) = try await authenticate(
            request, bytes: bytes, metadata: metadata, operationID: operationID)
        guard let action = OperationPolicy.actions[operationID] else { throw RequestRefusal.operationWithoutPolicy }
        guard caller.mayAtAll(action) else { throw AppError.forbidden(Self.notAllowed) }
        return try await RequestScope.$caller.withValue(caller) {
            try await RequestScope.$session.withValue(session) {
                // An empty body is no body: optional request bodies may then be left out.
                try await next(request, bytes.flatMap { $0.isEmpty ? nil : HTTPBody($0) }, metadata)
            }
        }
    }

    static let notAllowed = LocalizedText(zhHans: "您的角色无权执行此操作", en: "Your roles do not allow this")

    /// Operations that take files: room for the largest file a kind allows
    /// (R5.2), so that one a little too large gets the field-level answer.
    static let largerBodies: [String: Int] = [
        "uploadJobAttachment": AttachmentKind.photo.maximumBytes + 1024 * 1024,
        "uploadOrderAttachment": AttachmentKind.photo.maximumBytes + 1024 * 1024,
        "recordAcceptanceOnDevice": 1024 * 1024,
        "recordAcceptance": 1024 * 1024,
    ]

    private func collect(_ body: HTTPBody?, limit: Int) async throws -> [UInt8]? {
        guard let body else { return nil }
        do {
            return try await [UInt8](collecting: body, upTo: limit)
        } catch {
            throw RequestRefusal.bodyTooLarge(limit: limit)
        }
    }

    private func authenticate(
        _ request: HTTPRequest, bytes: [UInt8]?, metadata: ServerRequestMetadata, operationID: String
    ) async throws -> (Caller, StaffSession?) {
        if operationID == "platformIntake" {
            guard let platform = metadata.pathParameters["platform"].map(String.init),
                let secret = platformSecrets[platform]
            else { throw RequestRefusal.unknownPlatform }
            let signature =
                request.headerFields.first { $0.name.canonicalName == "x-orderflow-signature" }?.value ?? ""
            guard PlatformSignature.isValid(signature, body: bytes ?? [], secret: secret) else {
                throw RequestRefusal.invalidSignature
            }
            return (.platform(platform), nil)
        }
        if let header = request.headerFields[.authorization] {
            guard header.lowercased().hasPrefix("bearer ") else { throw RequestRefusal.invalidToken }
            let token = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
            guard !token.isEmpty else { throw RequestRefusal.missingToken }
            return (try await access.caller(forToken: token), nil)
        }
        guard let secret = SessionCookie.value(in: request.headerFields) else { throw RequestRefusal.missingToken }
        let (caller, session) = try await access.caller(forSession: secret)
        // Browsers send cookies with cross-site requests too; only our own
        // pages know the CSRF token, so a change without it is forged.
        if ![.get, .head, .options].contains(request.method) {
            let sent = request.headerFields[HTTPField.Name.csrfToken] ?? ""
            guard SessionCookie.constantTimeEquals(sent, session.csrfToken) else {
                throw RequestRefusal.csrfTokenMissing
            }
        }
        return (caller, session)
    }
}

/// `sha256=<hex>`: HMAC-SHA256 of the raw body with the platform's secret.
public enum PlatformSignature {
    public static func sign(body: [UInt8], secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + Array(code).hexString
    }

    static func isValid(_ header: String, body: [UInt8], secret: String) -> Bool {
        let hex = header.hasPrefix("sha256=") ? String(header.dropFirst(7)) : header
        guard hex.count == 64, let given = Data(hexString: hex) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            given, authenticating: body, using: SymmetricKey(data: Data(secret.utf8)))
    }
}

extension Data {
    init?(hexString: String) {
        var bytes: [UInt8] = []
        var index = hexString.startIndex
        while index < hexString.endIndex {
            let next = hexString.index(index, offsetBy: 2, limitedBy: hexString.endIndex) ?? hexString.endIndex
            guard let byte = UInt8(hexString[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}

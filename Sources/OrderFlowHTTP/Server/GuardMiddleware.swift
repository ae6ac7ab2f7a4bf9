import Crypto
import Foundation
import HTTPTypes
import OpenAPIRuntime
import OrderFlowCore

/// The gate every API operation passes (DESIGN.md §4): reads the body up to
/// the size limit and authenticates the caller:
/// a bearer token for every operation, an HMAC signature of the raw body
/// for platform intake. The caller is then known to the handlers through
/// `RequestScope`.
struct GuardMiddleware: ServerMiddleware {
    let apiTokenDigest: [UInt8]
    let platformSecrets: [String: String]
    let maxBodyBytes: Int

    init(config: AppConfig) {
        apiTokenDigest = Array(SHA256.hash(data: Data(config.apiToken.utf8)))
        platformSecrets = config.platformSecrets
        maxBodyBytes = config.maxBodyBytes
    }

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let bytes = try await collect(body)
        let actor = try authenticate(request, bytes: bytes, metadata: metadata, operationID: operationID)
        return try await RequestScope.$actor.withValue(actor) {
            // An empty body is no body: optional request bodies may then be left out.
            try await next(request, bytes.flatMap { $0.isEmpty ? nil : HTTPBody($0) }, metadata)
        }
    }

    private func collect(_ body: HTTPBody?) async throws -> [UInt8]? {
        guard let body else { return nil }
        do {
            return try await [UInt8](collecting: body, upTo: maxBodyBytes)
        } catch {
            throw RequestRefusal.bodyTooLarge(limit: maxBodyBytes)
        }
    }

    private func authenticate(
        _ request: HTTPRequest, bytes: [UInt8]?, metadata: ServerRequestMetadata, operationID: String
    ) throws -> Actor {
        if operationID == "platformIntake" {
            guard let platform = metadata.pathParameters["platform"].map(String.init),
                let secret = platformSecrets[platform]
            else { throw RequestRefusal.unknownPlatform }
            let signature =
                request.headerFields.first { $0.name.canonicalName == "x-orderflow-signature" }?.value ?? ""
            guard PlatformSignature.isValid(signature, body: bytes ?? [], secret: secret) else {
                throw RequestRefusal.invalidSignature
            }
            return Actor(kind: .platform, id: platform)
        }
        guard let header = request.headerFields[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw RequestRefusal.missingToken
        }
        let token = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        // Comparing digests keeps the comparison's time independent of the token.
        guard Array(SHA256.hash(data: Data(token.utf8))) == apiTokenDigest else { throw RequestRefusal.invalidToken }
        return Actor(kind: .integration, id: "api-token")
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

import Crypto
import Foundation
import HTTPTypes

/// The console's session cookie and CSRF header.
enum SessionCookie {
    static let name = "orderflow_session"

    /// The session secret from a `Cookie` header, if there is one.
    static func value(in fields: HTTPFields) -> String? { cookie(named: name, in: fields) }

    /// A cookie's value from the request's `Cookie` headers; nil when absent or empty.
    static func cookie(named wanted: String, in fields: HTTPFields) -> String? {
        for header in fields[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, parts[0] == wanted, !parts[1].isEmpty { return parts[1] }
            }
        }
        return nil
    }

    /// `Set-Cookie` for a new session: not readable by scripts, not sent
    /// cross-site, `Secure` whenever the site is served over TLS.
    static func set(_ secret: String, secure: Bool, maxAge: Int) -> String {
        "\(name)=\(secret); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    static func clear(secure: Bool) -> String {
        "\(name)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// Compares digests, so the time taken does not depend on where the texts differ.
    static func constantTimeEquals(_ left: String, _ right: String) -> Bool {
        Array(SHA256.hash(data: Data(left.utf8))) == Array(SHA256.hash(data: Data(right.utf8)))
    }
}

extension HTTPField.Name {
    static let csrfToken = known("X-CSRF-Token")
    static let frameOptions = known("X-Frame-Options")
    static let contentSecurityPolicy = known("Content-Security-Policy")
    static let contentTypeOptions = known("X-Content-Type-Options")
    static let forwardedProto = known("X-Forwarded-Proto")
    static let forwardedFor = known("X-Forwarded-For")
    static let referrerPolicy = known("Referrer-Policy")
    static let idempotencyKey = known("Idempotency-Key")
    static let idempotentReplayed = known("Idempotent-Replayed")

    /// For the literal, valid names above: `init` fails only for invalid
    /// characters, so the fallback is never taken.
    private static func known(_ name: String) -> HTTPField.Name { HTTPField.Name(name) ?? .via }
}

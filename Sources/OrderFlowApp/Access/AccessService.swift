import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// People and access (issue 3): who the caller is (tokens, sessions,
/// passwords), staff accounts and their roles, technicians' profiles, API
/// tokens, and the audit log of all of it. Every use case takes the
/// `Caller` and asks `AccessPolicy` first.
public struct AccessService: AppService {
    public let context: AppContext
    let tokenCache = TokenCache()

    public init(context: AppContext) { self.context = context }

    /// The caller behind an API token. Unknown tokens are refused quietly;
    /// a revoked or expired one is refused and recorded, since someone is
    /// still using a credential that was taken away.
    public func caller(forToken secret: String) async throws -> Caller {
        let now = environment.now()
        guard secret.count <= 100 else { throw Self.invalidCredential }
        let hash = APITokenRecords.hash(ofSecret: secret)
        var found = tokenCache.token(forHash: hash, at: now)
        if found == nil {
            found = try await database.read { try await APITokenRecords.find(secret: secret, on: $0) }
            if let found { tokenCache.remember(found, forHash: hash, at: now) }
        }
        guard let token = found else { throw Self.invalidCredential }
        guard token.isUsable(at: now) else {
            try await audit(
                Caller.integration(token).actor, "token.refused", outcome: .refused,
                subject: token.id.uuidString.lowercased(),
                detail: ["reason": token.revokedAt == nil ? "expired" : "revoked"], at: now)
            throw AppError.unauthenticated(
                LocalizedText(zhHans: "此令牌已过期或已被吊销", en: "This token has expired or was revoked"))
        }
        return .integration(token)
    }

    static let invalidCredential = AppError.unauthenticated(
        LocalizedText(zhHans: "请先登录或提供有效的令牌", en: "Sign in or send a valid token"))

    /// Records one act in the audit log, in its own transaction.
    func audit(
        _ actor: Actor, _ action: String, outcome: AuditEntry.Outcome = .succeeded, storeCode: String? = nil,
        subject: String? = nil, detail: [String: String] = [:], at instant: Date
    ) async throws {
        let json = try JSONCoding.canonicalString(detail)
        try await database.write { db in
            try await AuditLog.append(
                actor: actor, action: action, outcome: outcome, storeCode: storeCode, subject: subject,
                detailJSON: json, at: instant, on: db)
        }
    }

    /// 20 random bytes as 40 hex characters, from the system's secure generator.
    static func randomSecret() -> String { randomBytes().hexString }
}

extension AccessService {
    /// The caller's own account, for people; nil for integrations and platforms.
    public func currentMember(of caller: Caller) async throws -> StaffMember? {
        guard let id = caller.staffID else { return nil }
        return try await database.read { try await StaffRecords.find(id: id, on: $0) }
    }
}

extension AccessService {
    /// The service's clock, for answers that depend on the time (is a token still usable?).
    public var now: Date { environment.now() }
}

extension AccessService {
    /// A fresh random secret (40 hex characters), e.g. for a form's CSRF token.
    public static func newSecret() -> String { randomSecret() }
}

extension AccessService {
    /// Remembers the console language a person chose, for every browser they use.
    public func setPreferredLanguage(_ language: Language, by caller: Caller) async throws {
        try caller.require(.useOwnAccount)
        guard let id = caller.staffID else { return }
        try await database.write { try await StaffRecords.setPreferredLanguage(language, of: id, on: $0) }
    }
}

import Foundation
import OrderFlowCore
import OrderFlowStore

extension AccessService {
    /// A new token and its secret: the only time the secret is ever seen.
    public struct IssuedToken: Sendable {
        public var token: APIToken
        public var secret: String
    }

    public func createToken(name: String, grants: [RoleGrant], expiresAt: Date?, by caller: Caller) async throws
        -> IssuedToken
    {
        try caller.require(.manageTokens)
        let now = environment.now()
        var problems = APIToken.problems(name: name, grants: grants, expiresAt: expiresAt, now: now)
        if problems.isEmpty { problems += try await grantProblems(grants, by: caller) }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let secret = APIToken.secret(fromRandomBytes: Self.randomBytes())
        let token = APIToken(
            id: environment.newID(), name: name.trimmingCharacters(in: .whitespacesAndNewlines),
            prefix: APIToken.prefix(of: secret), grants: grants, createdAt: now, createdBy: caller.actor.description,
            expiresAt: expiresAt)
        try await database.write { db in
            try await APITokenRecords.insert(token, secret: secret, on: db)
            try await AuditLog.append(
                actor: caller.actor, action: "token.created", outcome: .succeeded,
                subject: token.id.uuidString.lowercased(),
                detailJSON: try JSONCoding.canonicalString([
                    "name": token.name, "prefix": token.prefix, "grants": GrantText.describe(grants),
                    "expiresAt": expiresAt.map { String($0.epochMilliseconds) } ?? "never",
                ]), at: now, on: db)
        }
        return IssuedToken(token: token, secret: secret)
    }

    public func tokens(by caller: Caller) async throws -> [APIToken] {
        try caller.require(.manageTokens)
        return try await database.read { try await APITokenRecords.all(on: $0) }
    }

    /// Revokes a token by id or by its prefix; revoking twice is a conflict.
    public func revokeToken(_ reference: String, by caller: Caller) async throws -> APIToken {
        try caller.require(.manageTokens)
        let now = environment.now()
        let all = try await database.read { try await APITokenRecords.all(on: $0) }
        guard let found = all.first(where: { $0.id.uuidString == reference.uppercased() || $0.prefix == reference })
        else {
            throw AppError.notFound(
                LocalizedText(zhHans: "找不到令牌 \(reference.prefix(40))", en: "No token \(reference.prefix(40))"))
        }
        let revoked = try await database.write { db -> APIToken? in
            guard
                let revoked = try await APITokenRecords.revoke(
                    id: found.id, by: caller.actor.description, at: now, on: db)
            else { return nil }
            try await AuditLog.append(
                actor: caller.actor, action: "token.revoked", outcome: .succeeded,
                subject: found.id.uuidString.lowercased(),
                detailJSON: try JSONCoding.canonicalString(["name": found.name, "prefix": found.prefix]), at: now,
                on: db)
            return revoked
        }
        tokenCache.forget(tokenID: found.id)
        guard let revoked else {
            throw AppError.conflict(
                code: "token.alreadyRevoked",
                message: LocalizedText(zhHans: "该令牌已被吊销", en: "This token was revoked already"))
        }
        return revoked
    }

    static func randomBytes() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}

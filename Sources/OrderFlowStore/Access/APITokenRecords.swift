import Crypto
import Foundation
import OrderFlowCore
import SQLKit

/// The `api_tokens` table.
public enum APITokenRecords {
    /// The stored form of a secret.
    public static func hash(ofSecret secret: String) -> String {
        Array(SHA256.hash(data: Data(secret.utf8))).hexString
    }

    public static func insert(_ token: APIToken, secret: String, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO api_tokens (id, name, prefix, token_hash, grants_json, created_at, created_by, expires_at)
            VALUES (\(bind: token.id.uuidString), \(bind: token.name), \(bind: token.prefix),
                    \(bind: hash(ofSecret: secret)), \(bind: try JSONCoding.string(token.grants)),
                    \(bind: token.createdAt.epochMilliseconds), \(bind: token.createdBy),
                    \(bind: token.expiresAt?.epochMilliseconds))
            """
        ).run()
    }

    /// The token a caller presented, whatever its state: the caller decides
    /// (with `APIToken.isUsable`) and can tell "revoked" from "unknown".
    public static func find(secret: String, on db: any SQLDatabase) async throws -> APIToken? {
        try await db.raw("SELECT * FROM api_tokens WHERE token_hash = \(bind: hash(ofSecret: secret))").first()
            .map(token(from:))
    }

    public static func all(on db: any SQLDatabase) async throws -> [APIToken] {
        try await db.raw("SELECT * FROM api_tokens ORDER BY created_at, id").all().map(token(from:))
    }

    /// Revokes a token once; nil when there is no such token or it was revoked already.
    public static func revoke(id: UUID, by actor: String, at instant: Date, on db: any SQLDatabase) async throws
        -> APIToken?
    {
        try await db.raw(
            """
            UPDATE api_tokens SET revoked_at = \(bind: instant.epochMilliseconds), revoked_by = \(bind: actor)
            WHERE id = \(bind: id.uuidString) AND revoked_at IS NULL
            RETURNING *
            """
        ).first().map(token(from:))
    }

    private static func token(from row: any SQLRow) throws -> APIToken {
        APIToken(
            id: try row.uuid("id"), name: try row.text("name"), prefix: try row.text("prefix"),
            grants: try row.json("grants_json", as: [RoleGrant].self), createdAt: try row.instant("created_at"),
            createdBy: try row.text("created_by"),
            expiresAt: try row.optionalInt("expires_at").map(Date.init(epochMilliseconds:)),
            revokedAt: try row.optionalInt("revoked_at").map(Date.init(epochMilliseconds:)))
    }
}

import Foundation
import OrderFlowCore
import SQLKit

/// The `sessions` table. Sessions are found by the hash of their secret.
public enum SessionRecords {
    public static func insert(_ session: StaffSession, secret: String, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO sessions (id_hash, staff_id, csrf_token, created_at, expires_at, last_seen_at)
            VALUES (\(bind: APITokenRecords.hash(ofSecret: secret)), \(bind: session.staffID.uuidString),
                    \(bind: session.csrfToken), \(bind: session.createdAt.epochMilliseconds),
                    \(bind: session.expiresAt.epochMilliseconds), \(bind: session.lastSeenAt.epochMilliseconds))
            """
        ).run()
    }

    public static func find(secret: String, on db: any SQLDatabase) async throws -> StaffSession? {
        try await db.raw(
            "SELECT * FROM sessions WHERE id_hash = \(bind: APITokenRecords.hash(ofSecret: secret))"
        ).first().map { row in
            StaffSession(
                staffID: try row.uuid("staff_id"), csrfToken: try row.text("csrf_token"),
                createdAt: try row.instant("created_at"), expiresAt: try row.instant("expires_at"),
                lastSeenAt: try row.instant("last_seen_at"),
                endedAt: try row.optionalInt("ended_at").map(Date.init(epochMilliseconds:)))
        }
    }

    public static func touch(secret: String, at instant: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE sessions SET last_seen_at = \(bind: instant.epochMilliseconds)
            WHERE id_hash = \(bind: APITokenRecords.hash(ofSecret: secret)) AND ended_at IS NULL
            """
        ).run()
    }

    /// Ends one session (sign-out); true when it was still open.
    @discardableResult
    public static func end(secret: String, at instant: Date, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            UPDATE sessions SET ended_at = \(bind: instant.epochMilliseconds)
            WHERE id_hash = \(bind: APITokenRecords.hash(ofSecret: secret)) AND ended_at IS NULL
            RETURNING staff_id
            """
        ).first() != nil
    }

    /// Ends every open session of a person: when the account is disabled,
    /// its roles change or its password is reset.
    public static func endAll(of staffID: UUID, at instant: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE sessions SET ended_at = \(bind: instant.epochMilliseconds)
            WHERE staff_id = \(bind: staffID.uuidString) AND ended_at IS NULL
            """
        ).run()
    }
}

/// The `sign_in_attempts` table: what rate limiting and lockout count.
public enum SignInAttemptRecords {
    public static func record(
        username: String, source: String, succeeded: Bool, at instant: Date, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO sign_in_attempts (username, source, attempted_at, succeeded)
            VALUES (\(bind: String(username.prefix(64))), \(bind: String(source.prefix(64))),
                    \(bind: instant.epochMilliseconds), \(bind: succeeded ? 1 : 0))
            """
        ).run()
    }

    /// Failures on one account from one network address since `since` and
    /// since the account's last success there, with the time of the latest one.
    public static func failures(username: String, source: String, since: Date, on db: any SQLDatabase)
        async throws -> (count: Int, latest: Date?)
    {
        let source = String(source.prefix(64))
        let row = try await db.raw(
            """
            SELECT COUNT(*) AS failures, MAX(attempted_at) AS latest FROM sign_in_attempts
            WHERE username = \(bind: username) AND source = \(bind: source) AND succeeded = 0
              AND attempted_at >= \(bind: since.epochMilliseconds)
              AND attempted_at > COALESCE((SELECT MAX(attempted_at) FROM sign_in_attempts
                                           WHERE username = \(bind: username) AND source = \(bind: source)
                                             AND succeeded = 1), 0)
            """
        ).first()
        return (
            Int(try row?.int("failures") ?? 0),
            try row?.optionalInt("latest").map(Date.init(epochMilliseconds:))
        )
    }

    /// Failures from one network address since `since`, on any account.
    public static func failures(source: String, since: Date, on db: any SQLDatabase) async throws -> Int {
        let row = try await db.raw(
            """
            SELECT COUNT(*) AS failures FROM sign_in_attempts
            WHERE source = \(bind: String(source.prefix(64))) AND succeeded = 0
              AND attempted_at >= \(bind: since.epochMilliseconds)
            """
        ).first()
        return Int(try row?.int("failures") ?? 0)
    }
}

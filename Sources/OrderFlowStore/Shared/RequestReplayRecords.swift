import Foundation
import SQLKit

/// One remembered request under an idempotency key (see migration 16).
public struct RequestReplay: Hashable, Sendable {
    public var operation: String
    public var requestHash: String
    /// 0 while the first request is still being answered.
    public var status: Int
    public var headers: [String: String]
    public var body: Data
    public var startedAt: Date
    public var expiresAt: Date

    public init(
        operation: String, requestHash: String, status: Int, headers: [String: String], body: Data, startedAt: Date,
        expiresAt: Date
    ) {
        self.operation = operation
        self.requestHash = requestHash
        self.status = status
        self.headers = headers
        self.body = body
        self.startedAt = startedAt
        self.expiresAt = expiresAt
    }
}

/// The `request_replays` table.
public enum RequestReplayRecords {
    public static func find(scope: String, key: String, on db: any SQLDatabase) async throws -> RequestReplay? {
        try await db.raw(
            """
            SELECT * FROM request_replays WHERE scope = \(bind: scope) AND idempotency_key = \(bind: key)
            """
        ).first().map { row in
            RequestReplay(
                operation: try row.text("operation"), requestHash: try row.text("request_hash"),
                status: Int(try row.int("status")),
                headers: try JSONDecoder().decode([String: String].self, from: Data(try row.text("headers_json").utf8)),
                body: Data(base64Encoded: try row.text("body_base64")) ?? Data(),
                startedAt: Date(epochMilliseconds: try row.int("started_at")),
                expiresAt: Date(epochMilliseconds: try row.int("expires_at")))
        }
    }

    /// Marks the key as taken by a request now being answered; false when
    /// another request holds it already (the unique key decides, across instances).
    public static func start(
        scope: String, key: String, operation: String, requestHash: String, at now: Date, expiresAt: Date,
        on db: any SQLDatabase
    ) async throws -> Bool {
        try await !db.raw(
            """
            INSERT INTO request_replays (scope, idempotency_key, operation, request_hash, status, headers_json,
                body_base64, started_at, expires_at)
            VALUES (\(bind: scope), \(bind: key), \(bind: operation), \(bind: requestHash), 0, '{}', '',
                    \(bind: now.epochMilliseconds), \(bind: expiresAt.epochMilliseconds))
            ON CONFLICT (scope, idempotency_key) DO NOTHING
            RETURNING scope
            """
        ).all().isEmpty
    }

    public static func finish(
        scope: String, key: String, status: Int, headers: [String: String], body: Data, on db: any SQLDatabase
    ) async throws {
        let headersJSON = String(decoding: try JSONEncoder().encode(headers), as: UTF8.self)
        try await db.raw(
            """
            UPDATE request_replays SET status = \(bind: Int64(status)), headers_json = \(bind: headersJSON),
                body_base64 = \(bind: body.base64EncodedString())
            WHERE scope = \(bind: scope) AND idempotency_key = \(bind: key) AND status = 0
            """
        ).run()
    }

    /// Forgets a key: the request failed (a retry may try again), or its answer expired.
    public static func remove(scope: String, key: String, on db: any SQLDatabase) async throws {
        try await db.raw(
            "DELETE FROM request_replays WHERE scope = \(bind: scope) AND idempotency_key = \(bind: key)"
        ).run()
    }

    /// Removes answers past their time.
    public static func removeExpired(before now: Date, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM request_replays WHERE expires_at < \(bind: now.epochMilliseconds)").run()
    }
}

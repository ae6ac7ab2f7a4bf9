import Foundation
import OrderFlowCore
import SQLKit

/// One entry of the audit log.
public struct AuditEntry: Hashable, Sendable {
    public enum Outcome: String, Codable, Sendable {
        case succeeded
        case refused
    }

    public var sequence: Int
    public var occurredAt: Date
    public var actor: String
    /// A stable name such as `auth.login`, `auth.loginFailed`, `token.created`, `personalData.revealed`.
    public var action: String
    public var outcome: Outcome
    public var storeCode: String?
    /// What the act was about: a staff id, a token id, an order number.
    public var subject: String?
    public var detailJSON: String
    public var previousHash: String
    public var hash: String
}

extension AuditEntry: ChainLink {
    public var chainedFields: [String] {
        [
            String(sequence), String(occurredAt.epochMilliseconds), actor, action, outcome.rawValue, storeCode ?? "",
            subject ?? "", detailJSON,
        ]
    }
}

/// Filters for searching the audit log; nil means "any".
public struct AuditQuery: Hashable, Sendable {
    public var actor: String?
    public var action: String?
    public var subject: String?
    public var from: Date?
    public var before: Date?
    /// Entries with a smaller sequence than this: the next page, newest first.
    public var beforeSequence: Int?
    public var limit: Int

    public init(
        actor: String? = nil, action: String? = nil, subject: String? = nil, from: Date? = nil, before: Date? = nil,
        beforeSequence: Int? = nil, limit: Int = 50
    ) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.from = from
        self.before = before
        self.beforeSequence = beforeSequence
        self.limit = limit
    }
}

/// The `audit_log` table: append-only (triggers refuse any change) and
/// chained by hash, so an edited or removed entry is detectable.
public enum AuditLog {
    /// Appends an entry. Call inside the write whose act it records, so the
    /// act and its record commit together. Appends queue on `audit_head`.
    @discardableResult
    public static func append(
        actor: Actor, action: String, outcome: AuditEntry.Outcome, storeCode: String? = nil, subject: String? = nil,
        detailJSON: String = "{}", at instant: Date, on db: any SQLDatabase
    ) async throws -> AuditEntry {
        // Taking the head row's lock first (a no-op update) serialises appends on PostgreSQL.
        guard
            let head = try await db.raw(
                """
                UPDATE audit_head SET last_sequence = last_sequence WHERE id = 1
                RETURNING last_sequence, last_hash
                """
            ).first()
        else { throw StoreError.corruptRow("audit_head is missing") }
        var entry = AuditEntry(
            sequence: Int(try head.int("last_sequence")) + 1,
            occurredAt: Date(epochMilliseconds: instant.epochMilliseconds), actor: actor.description, action: action,
            outcome: outcome, storeCode: storeCode, subject: subject, detailJSON: detailJSON,
            previousHash: try head.text("last_hash"), hash: "")
        entry.hash = hash(of: entry)
        try await db.raw(
            """
            INSERT INTO audit_log (sequence, occurred_at, actor, action, outcome, store_code, subject, detail_json,
                                   previous_hash, hash)
            VALUES (\(bind: Int64(entry.sequence)), \(bind: entry.occurredAt.epochMilliseconds), \(bind: entry.actor),
                    \(bind: action), \(bind: outcome.rawValue), \(bind: storeCode), \(bind: subject),
                    \(bind: detailJSON), \(bind: entry.previousHash), \(bind: entry.hash))
            """
        ).run()
        try await db.raw(
            """
            UPDATE audit_head SET last_sequence = \(bind: Int64(entry.sequence)), last_hash = \(bind: entry.hash)
            WHERE id = 1
            """
        ).run()
        return entry
    }

    /// Entries matching the query, newest first.
    public static func search(_ query: AuditQuery, on db: any SQLDatabase) async throws -> [AuditEntry] {
        var conditions: [SQLQueryString] = []
        if let actor = query.actor { conditions.append("actor = \(bind: actor)") }
        if let action = query.action { conditions.append("action = \(bind: action)") }
        if let subject = query.subject { conditions.append("subject = \(bind: subject)") }
        if let from = query.from { conditions.append("occurred_at >= \(bind: from.epochMilliseconds)") }
        if let before = query.before { conditions.append("occurred_at < \(bind: before.epochMilliseconds)") }
        if let sequence = query.beforeSequence { conditions.append("sequence < \(bind: Int64(sequence))") }
        let condition: SQLQueryString = conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND ")
        let limit = max(1, min(query.limit, 500))
        return try await db.raw(
            "SELECT * FROM audit_log WHERE \(condition) ORDER BY sequence DESC LIMIT \(literal: limit)"
        ).all().map(entry(from:))
    }

    /// The whole log, oldest first, for verification.
    public static func all(on db: any SQLDatabase) async throws -> [AuditEntry] {
        try await db.raw("SELECT * FROM audit_log ORDER BY sequence").all().map(entry(from:))
    }

    public static func head(on db: any SQLDatabase) async throws -> ChainHead {
        guard let row = try await db.raw("SELECT last_sequence, last_hash FROM audit_head WHERE id = 1").first() else {
            throw StoreError.corruptRow("audit_head is missing")
        }
        return ChainHead(sequence: Int(try row.int("last_sequence")), hash: try row.text("last_hash"))
    }

    /// The first sequence that breaks the chain or is missing from its end,
    /// or nil when intact. Without the head, deleting the newest entries
    /// (or restoring an older log) would leave an intact-looking chain.
    /// Entries appended after the head was read are not judged.
    public static func firstBrokenLink(in entries: [AuditEntry], head: ChainHead) -> Int? {
        HashChain.firstBrokenLink(in: entries, head: head)
    }

    /// The first sequence whose entry does not match the chain, or nil when intact.
    public static func firstBrokenLink(in entries: [AuditEntry]) -> Int? {
        HashChain.firstBrokenLink(in: entries)
    }

    static func hash(of entry: AuditEntry) -> String { HashChain.hash(of: entry) }

    private static func entry(from row: any SQLRow) throws -> AuditEntry {
        AuditEntry(
            sequence: Int(try row.int("sequence")), occurredAt: try row.instant("occurred_at"),
            actor: try row.text("actor"), action: try row.text("action"),
            outcome: try row.enum("outcome", as: AuditEntry.Outcome.self),
            storeCode: try row.optionalText("store_code"),
            subject: try row.optionalText("subject"), detailJSON: try row.text("detail_json"),
            previousHash: try row.text("previous_hash"), hash: try row.text("hash"))
    }
}

import Foundation
import OrderFlowCore
import SQLKit

/// What a verification of the whole database reads: every order with the
/// head its event chain must reach, a page at a time, and the audit log.
public enum IntegrityRecords {
    /// One order's history as stored, with the head written by its last append.
    public struct OrderChain: Sendable {
        public let orderID: String
        public let number: String
        public let head: ChainHead?
        public let events: [StoredOrderEvent]

        /// The first sequence that breaks the chain or is missing from its end, or nil.
        public var firstBrokenLink: Int? { EventLog.firstBrokenLink(in: events, head: head) }
    }

    /// Up to `limit` orders whose id sorts after `afterID` (start with ""),
    /// in id order, each with its head and events.
    public static func orderChains(after afterID: String, limit: Int, on db: any SQLDatabase) async throws
        -> [OrderChain]
    {
        let rows = try await db.raw(
            """
            SELECT o.id, o.number, h.last_sequence, h.last_hash FROM orders o
            LEFT JOIN order_event_heads h ON h.order_id = o.id
            WHERE o.id > \(bind: afterID) ORDER BY o.id LIMIT \(literal: max(1, limit))
            """
        ).all()
        let ids = try rows.map { try $0.uuid("id") }
        let events = try await EventLog.events(ofOrders: ids, on: db)
        return try zip(rows, ids).map { row, id in
            let head = try row.optionalInt("last_sequence").map {
                ChainHead(sequence: Int($0), hash: try row.text("last_hash"))
            }
            return OrderChain(
                orderID: try row.text("id"), number: try row.text("number"), head: head, events: events[id] ?? [])
        }
    }

    /// The audit log's head and every entry, oldest first. The head is read
    /// first: entries appended between the two reads are newer than it.
    public static func auditChain(on db: any SQLDatabase) async throws -> (head: ChainHead, entries: [AuditEntry]) {
        let head = try await AuditLog.head(on: db)
        return (head, try await AuditLog.all(on: db))
    }
}

/// What a backup holds, counted inside the snapshot it was taken from.
public struct BackupContents: Sendable, Equatable, Codable {
    public struct Attachment: Sendable, Equatable, Codable {
        public let sha256: String
        public let sizeBytes: Int

        public init(sha256: String, sizeBytes: Int) {
            self.sha256 = sha256
            self.sizeBytes = sizeBytes
        }
    }

    public var schemaVersion: Int
    public var orders: Int
    public var events: Int
    public var auditEntries: Int
    /// Each distinct file once (the same bytes may be attached to several orders).
    public var attachments: [Attachment]

    public init(schemaVersion: Int, orders: Int, events: Int, auditEntries: Int, attachments: [Attachment]) {
        self.schemaVersion = schemaVersion
        self.orders = orders
        self.events = events
        self.auditEntries = auditEntries
        self.attachments = attachments
    }

    public static func read(on db: any SQLDatabase) async throws -> BackupContents {
        func count(_ table: String) async throws -> Int {
            try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first().map { Int(try $0.int("n")) } ?? 0
        }
        let version =
            try await db.raw("SELECT MAX(number) AS n FROM schema_migrations").first()
            .flatMap { try $0.optionalInt("n") } ?? 0
        let attachments = try await db.raw(
            "SELECT sha256, MAX(size_bytes) AS size_bytes FROM attachments GROUP BY sha256 ORDER BY sha256"
        ).all().map { Attachment(sha256: try $0.text("sha256"), sizeBytes: Int(try $0.int("size_bytes"))) }
        return BackupContents(
            schemaVersion: Int(version), orders: try await count("orders"), events: try await count("order_events"),
            auditEntries: try await count("audit_log"), attachments: attachments)
    }
}

import Foundation
import OrderFlowCore
import SQLKit

/// One entry of an order's event log, as stored.
public struct StoredOrderEvent: Hashable, Sendable, ChainLink {
    public var orderID: UUID
    public var sequence: Int
    public var type: String
    public var actor: String
    public var occurredAt: Date
    public var payloadJSON: String
    public var previousHash: String
    public var hash: String

    public var chainedFields: [String] {
        [orderID.uuidString, String(sequence), type, actor, String(occurredAt.epochMilliseconds), payloadJSON]
    }
}

/// The append-only event log of every order (DESIGN.md §3). Each event
/// carries the hash of the previous event of the same order, so that an
/// edited, removed or reordered event breaks the chain and is detected
/// (R1.2, R8.3). The database also refuses updates and deletes outright.
/// Every append also puts the order before the deadline monitor, which
/// counts its stage clock again (R4.4), and queues the notice of the event
/// in the notification outbox when it announces something (B3).
public enum EventLog {
    static let genesisHash = HashChain.genesis

    /// Appends an event after the order's last one. Call inside the write
    /// that changes the order, so the row and its history commit together.
    @discardableResult
    public static func append(
        orderID: UUID, type: OrderEventType, actor: Actor, at instant: Date, payloadJSON: String,
        on db: any SQLDatabase
    ) async throws -> StoredOrderEvent {
        let last = try await db.raw(
            """
            SELECT sequence, hash FROM order_events WHERE order_id = \(bind: orderID.uuidString)
            ORDER BY sequence DESC LIMIT 1
            """
        ).first()
        let sequence = Int(try last?.int("sequence") ?? 0) + 1
        let previousHash = try last?.text("hash") ?? genesisHash
        var event = StoredOrderEvent(
            orderID: orderID, sequence: sequence, type: type.rawValue, actor: actor.description,
            occurredAt: Date(epochMilliseconds: instant.epochMilliseconds), payloadJSON: payloadJSON,
            previousHash: previousHash, hash: "")
        event.hash = hash(of: event)
        try await db.raw(
            """
            INSERT INTO order_events (order_id, sequence, type, actor, occurred_at, payload_json, previous_hash, hash)
            VALUES (\(bind: orderID.uuidString), \(bind: Int64(sequence)), \(bind: event.type), \(bind: event.actor),
                    \(bind: event.occurredAt.epochMilliseconds), \(bind: payloadJSON), \(bind: previousHash),
                    \(bind: event.hash))
            """
        ).run()
        try await moveHead(of: orderID, to: event, on: db)
        try await StageWatchRecords.markChanged(orderID: orderID, at: instant, on: db)
        try await NotificationOutboxRecords.enqueue(event, on: db)
        return event
    }

    /// What a new event says, before it is chained and stored.
    public struct NewEvent: Sendable {
        public var type: OrderEventType
        public var actor: Actor
        public var payloadJSON: String

        public init(type: OrderEventType, actor: Actor, payloadJSON: String) {
            self.type = type
            self.actor = actor
            self.payloadJSON = payloadJSON
        }
    }

    /// Starts the history of an order created in this transaction: the chain
    /// begins at the genesis hash, so there is nothing to read first, and all
    /// events go in with one statement (the intake path is the hottest write).
    /// `watch` says how the new order goes on the deadline monitor's watch,
    /// given its stored events (by default: due at once, as after any event).
    @discardableResult
    public static func start(
        orderID: UUID, with events: [NewEvent], at instant: Date,
        watch: @Sendable ([StoredOrderEvent]) -> NewOrderWatch = { _ in .checkNow }, on db: any SQLDatabase
    ) async throws -> [StoredOrderEvent] {
        var stored: [StoredOrderEvent] = []
        var previousHash = genesisHash
        for (index, new) in events.enumerated() {
            var event = StoredOrderEvent(
                orderID: orderID, sequence: index + 1, type: new.type.rawValue, actor: new.actor.description,
                occurredAt: Date(epochMilliseconds: instant.epochMilliseconds), payloadJSON: new.payloadJSON,
                previousHash: previousHash, hash: "")
            event.hash = hash(of: event)
            previousHash = event.hash
            stored.append(event)
        }
        guard !stored.isEmpty else { return [] }
        let rows: [SQLQueryString] = stored.map { event in
            """
            (\(bind: orderID.uuidString), \(bind: Int64(event.sequence)), \(bind: event.type), \(bind: event.actor),
             \(bind: event.occurredAt.epochMilliseconds), \(bind: event.payloadJSON), \(bind: event.previousHash),
             \(bind: event.hash))
            """
        }
        try await db.raw(
            """
            INSERT INTO order_events (order_id, sequence, type, actor, occurred_at, payload_json, previous_hash, hash)
            VALUES \(rows.joined(separator: ", "))
            """
        ).run()
        if let last = stored.last { try await moveHead(of: orderID, to: last, on: db) }
        switch watch(stored) {
        case .checkNow:
            try await StageWatchRecords.markChanged(orderID: orderID, at: instant, on: db)
        case .scheduled(let nextCheck, let stage, let deadline, let counted):
            try await StageWatchRecords.start(
                orderID: orderID, nextCheck: nextCheck, stage: stage, deadline: deadline, counted: counted,
                at: instant, on: db)
        case .notWatched:
            break
        }
        for event in stored { try await NotificationOutboxRecords.enqueue(event, on: db) }
        return stored
    }

    /// Records `event` as the end of the order's chain (see migration 14).
    static func moveHead(of orderID: UUID, to event: StoredOrderEvent, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO order_event_heads (order_id, last_sequence, last_hash)
            VALUES (\(bind: orderID.uuidString), \(bind: Int64(event.sequence)), \(bind: event.hash))
            ON CONFLICT (order_id) DO UPDATE SET last_sequence = excluded.last_sequence, last_hash = excluded.last_hash
            """
        ).run()
    }

    /// Where the order's chain ends as last written; nil for an order without events.
    public static func head(of orderID: UUID, on db: any SQLDatabase) async throws -> ChainHead? {
        guard
            let row = try await db.raw(
                "SELECT last_sequence, last_hash FROM order_event_heads WHERE order_id = \(bind: orderID.uuidString)"
            ).first()
        else { return nil }
        return ChainHead(sequence: Int(try row.int("last_sequence")), hash: try row.text("last_hash"))
    }

    /// The first sequence that breaks the chain or is missing from its end,
    /// or nil when the history is intact up to its stored head.
    public static func firstBrokenLink(in events: [StoredOrderEvent], head: ChainHead?) -> Int? {
        HashChain.firstBrokenLink(in: events, head: head ?? .empty)
    }

    public static func events(of orderID: UUID, on db: any SQLDatabase) async throws -> [StoredOrderEvent] {
        try await db.raw(
            """
            SELECT order_id, sequence, type, actor, occurred_at, payload_json, previous_hash, hash
            FROM order_events WHERE order_id = \(bind: orderID.uuidString) ORDER BY sequence
            """
        ).all().map { row in
            StoredOrderEvent(
                orderID: try row.uuid("order_id"), sequence: Int(try row.int("sequence")), type: try row.text("type"),
                actor: try row.text("actor"), occurredAt: try row.instant("occurred_at"),
                payloadJSON: try row.text("payload_json"), previousHash: try row.text("previous_hash"),
                hash: try row.text("hash"))
        }
    }

    /// The events of several orders, each order's in sequence: for lists
    /// that show where each order stands.
    public static func events(ofOrders orderIDs: [UUID], on db: any SQLDatabase) async throws
        -> [UUID: [StoredOrderEvent]]
    {
        guard !orderIDs.isEmpty else { return [:] }
        let rows = try await db.raw(
            """
            SELECT order_id, sequence, type, actor, occurred_at, payload_json, previous_hash, hash
            FROM order_events WHERE order_id IN (\(binds: orderIDs.map(\.uuidString))) ORDER BY order_id, sequence
            """
        ).all()
        var byOrder: [UUID: [StoredOrderEvent]] = [:]
        for row in rows {
            let event = StoredOrderEvent(
                orderID: try row.uuid("order_id"), sequence: Int(try row.int("sequence")), type: try row.text("type"),
                actor: try row.text("actor"), occurredAt: try row.instant("occurred_at"),
                payloadJSON: try row.text("payload_json"), previousHash: try row.text("previous_hash"),
                hash: try row.text("hash"))
            byOrder[event.orderID, default: []].append(event)
        }
        return byOrder
    }

    /// The first sequence number whose event does not match the chain, or
    /// nil when the whole history is intact.
    public static func firstBrokenLink(in events: [StoredOrderEvent]) -> Int? {
        HashChain.firstBrokenLink(in: events)
    }

    static func hash(of event: StoredOrderEvent) -> String { HashChain.hash(of: event) }
}

/// How a new order goes on the deadline monitor's watch (`stage_watch`).
public enum NewOrderWatch: Sendable, Equatable {
    /// Due at once: the monitor counts its deadlines on its next turn.
    case checkNow
    /// Counted already: the first check, the running stage and its deadline.
    case scheduled(nextCheck: Date?, stage: TrackingStage, deadline: Date?, counted: CountedWith)

    /// The reference data a first check was counted with.
    public struct CountedWith: Sendable, Equatable {
        public let referenceVersion: Int64
        /// PostgreSQL reads the version `FOR SHARE` (see `StageWatchRecords.start`).
        public let engine: DatabaseEngine

        public init(referenceVersion: Int64, engine: DatabaseEngine) {
            self.referenceVersion = referenceVersion
            self.engine = engine
        }
    }
    /// No stage with a time limit is running (say, refused at intake).
    case notWatched
}

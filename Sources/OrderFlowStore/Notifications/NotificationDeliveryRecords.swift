import Foundation
import OrderFlowCore
import SQLKit

/// Where a delivery stands.
public enum DeliveryStatus: String, Hashable, Codable, Sendable, CaseIterable {
    /// Waiting for its (next) attempt.
    case pending
    case sent
    /// Failed every attempt: on the dead-letter list until someone sends it again.
    case dead
}

/// One message to one recipient on one channel.
public struct NotificationDelivery: Hashable, Sendable, Identifiable {
    public var id: UUID
    public var outboxID: String
    public var orderID: UUID
    public var storeCode: String
    public var topic: NotificationTopic
    public var channel: NotificationChannel
    /// A phone number, an e-mail address, or a webhook endpoint's id.
    public var recipient: String
    public var language: Language
    public var message: RenderedMessage
    public var status: DeliveryStatus
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?
    /// The order's number, where the query read it (lists for people).
    public var orderNumber: String?

    public init(
        id: UUID, outboxID: String, orderID: UUID, storeCode: String, topic: NotificationTopic,
        channel: NotificationChannel, recipient: String, language: Language, message: RenderedMessage,
        status: DeliveryStatus = .pending, attempts: Int = 0, nextAttemptAt: Date?, lastError: String? = nil,
        createdAt: Date, sentAt: Date? = nil
    ) {
        self.id = id
        self.outboxID = outboxID
        self.orderID = orderID
        self.storeCode = storeCode
        self.topic = topic
        self.channel = channel
        self.recipient = recipient
        self.language = language
        self.message = message
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.sentAt = sentAt
    }
}

/// The `notification_deliveries` table. Sending happens outside any
/// transaction (it is network I/O): a delivery is first claimed with a
/// lease, so another instance leaves it alone, and a sender that dies
/// mid-send leaves a lease that expires and the delivery is tried again.
/// The lease is renewed just before each send and every outcome is fenced
/// by the claim's token, so a slow sender never repeats what another took
/// over. Delivery is at least once only across a crash mid-send; every
/// channel carries the delivery id for receivers to recognise a repeat.
public enum NotificationDeliveryRecords {
    public static func insert(_ delivery: NotificationDelivery, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO notification_deliveries (id, outbox_id, order_id, store_code, topic, channel, recipient,
                language, subject, body, status, attempts, next_attempt_at, created_at)
            VALUES (\(bind: delivery.id.uuidString), \(bind: delivery.outboxID), \(bind: delivery.orderID.uuidString),
                    \(bind: delivery.storeCode), \(bind: delivery.topic.rawValue), \(bind: delivery.channel.rawValue),
                    \(bind: delivery.recipient), \(bind: delivery.language.rawValue), \(bind: delivery.message.subject),
                    \(bind: delivery.message.body), \(bind: delivery.status.rawValue), \(bind: Int64(delivery.attempts)),
                    \(bind: delivery.nextAttemptAt?.epochMilliseconds), \(bind: delivery.createdAt.epochMilliseconds))
            ON CONFLICT (outbox_id, channel, recipient) DO NOTHING
            """
        ).run()
    }

    /// Claims up to `limit` deliveries due by `now` for `leaseSeconds`, under
    /// `token`: only the holder of the token may renew the lease or record
    /// the outcome (see migration 15).
    public static func claimDue(
        by now: Date, limit: Int, leaseSeconds: Double, token: UUID, engine: DatabaseEngine, on db: any SQLDatabase
    ) async throws -> [NotificationDelivery] {
        let lock: SQLQueryString = engine == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let millis = now.epochMilliseconds
        return try await db.raw(
            """
            UPDATE notification_deliveries SET claimed_until = \(bind: millis + Int64(leaseSeconds * 1000)),
                claim_token = \(bind: token.uuidString)
            WHERE id IN (
                SELECT id FROM notification_deliveries
                WHERE status = 'pending' AND next_attempt_at <= \(bind: millis)
                  AND (claimed_until IS NULL OR claimed_until < \(bind: millis))
                ORDER BY next_attempt_at LIMIT \(unsafeRaw: String(max(1, limit)))\(lock))
            RETURNING *
            """
        ).all().map(delivery)
    }

    /// Extends the lease just before sending; false when the delivery is no
    /// longer this holder's (another sender took it over, or it is done).
    public static func renewClaim(
        _ id: UUID, token: UUID, until: Date, on db: any SQLDatabase
    ) async throws -> Bool {
        try await !db.raw(
            """
            UPDATE notification_deliveries SET claimed_until = \(bind: until.epochMilliseconds)
            WHERE id = \(bind: id.uuidString) AND claim_token = \(bind: token.uuidString) AND status = 'pending'
            RETURNING id
            """
        ).all().isEmpty
    }

    public static func anyDue(by now: Date, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            SELECT 1 AS due FROM notification_deliveries
            WHERE status = 'pending' AND next_attempt_at <= \(bind: now.epochMilliseconds) LIMIT 1
            """
        ).first() != nil
    }

    /// Records the send; false when the lease was no longer this holder's.
    @discardableResult
    public static func markSent(_ id: UUID, token: UUID, at instant: Date, on db: any SQLDatabase) async throws
        -> Bool
    {
        try await !db.raw(
            """
            UPDATE notification_deliveries SET status = 'sent', sent_at = \(bind: instant.epochMilliseconds),
                attempts = attempts + 1, claimed_until = NULL, claim_token = NULL, next_attempt_at = NULL,
                last_error = NULL
            WHERE id = \(bind: id.uuidString) AND claim_token = \(bind: token.uuidString) AND status = 'pending'
            RETURNING id
            """
        ).all().isEmpty
    }

    /// Records a failed attempt: tried again at `retryAt`, or dead when nil.
    /// Never reopens a delivery already sent, nor one another sender holds.
    @discardableResult
    public static func markFailed(
        _ id: UUID, token: UUID, error: String, retryAt: Date?, on db: any SQLDatabase
    ) async throws -> Bool {
        try await !db.raw(
            """
            UPDATE notification_deliveries SET attempts = attempts + 1, claimed_until = NULL, claim_token = NULL,
                status = \(bind: retryAt == nil ? DeliveryStatus.dead.rawValue : DeliveryStatus.pending.rawValue),
                next_attempt_at = \(bind: retryAt?.epochMilliseconds), last_error = \(bind: String(error.prefix(500)))
            WHERE id = \(bind: id.uuidString) AND claim_token = \(bind: token.uuidString) AND status = 'pending'
            RETURNING id
            """
        ).all().isEmpty
    }

    /// Puts a dead delivery back in line, with a fresh set of attempts.
    public static func revive(_ id: UUID, at instant: Date, on db: any SQLDatabase) async throws -> Bool {
        try await !db.raw(
            """
            UPDATE notification_deliveries SET status = 'pending', attempts = 0, claimed_until = NULL,
                claim_token = NULL, next_attempt_at = \(bind: instant.epochMilliseconds)
            WHERE id = \(bind: id.uuidString) AND status = 'dead'
            RETURNING id
            """
        ).all().isEmpty
    }

    public static func find(id: UUID, on db: any SQLDatabase) async throws -> NotificationDelivery? {
        try await db.raw("\(unsafeRaw: selectWithNumber) WHERE d.id = \(bind: id.uuidString)").first().map(delivery)
    }

    /// Deliveries of these stores (nil: all) in a status, newest first.
    public static func list(
        status: DeliveryStatus?, stores: Set<String>?, limit: Int, on db: any SQLDatabase
    ) async throws -> [NotificationDelivery] {
        var conditions: [SQLQueryString] = ["1 = 1"]
        if let status { conditions.append("d.status = \(bind: status.rawValue)") }
        if let stores {
            guard !stores.isEmpty else { return [] }
            conditions.append("d.store_code IN (\(binds: stores.sorted()))")
        }
        return try await db.raw(
            """
            \(unsafeRaw: selectWithNumber) WHERE \(conditions.joined(separator: " AND "))
            ORDER BY d.created_at DESC, d.id LIMIT \(unsafeRaw: String(max(1, limit)))
            """
        ).all().map(delivery)
    }

    public static func forOrder(_ orderID: UUID, on db: any SQLDatabase) async throws -> [NotificationDelivery] {
        try await db.raw(
            "\(unsafeRaw: selectWithNumber) WHERE d.order_id = \(bind: orderID.uuidString) ORDER BY d.created_at, d.id"
        ).all().map(delivery)
    }

    static let selectWithNumber = """
        SELECT d.*, o.number AS order_number
        FROM notification_deliveries d JOIN orders o ON o.id = d.order_id
        """

    static func delivery(_ row: any SQLRow) throws -> NotificationDelivery {
        var delivery = NotificationDelivery(
            id: try row.uuid("id"), outboxID: try row.text("outbox_id"), orderID: try row.uuid("order_id"),
            storeCode: try row.text("store_code"), topic: try row.enum("topic", as: NotificationTopic.self),
            channel: try row.enum("channel", as: NotificationChannel.self), recipient: try row.text("recipient"),
            language: try row.enum("language", as: Language.self),
            message: RenderedMessage(subject: try row.optionalText("subject"), body: try row.text("body")),
            status: try row.enum("status", as: DeliveryStatus.self), attempts: Int(try row.int("attempts")),
            nextAttemptAt: try row.optionalInt("next_attempt_at").map(Date.init(epochMilliseconds:)),
            lastError: try row.optionalText("last_error"), createdAt: try row.instant("created_at"),
            sentAt: try row.optionalInt("sent_at").map(Date.init(epochMilliseconds:)))
        delivery.orderNumber = try? row.decode(column: "order_number", as: String.self)
        return delivery
    }
}

import Foundation
import OrderFlowCore
import SQLKit

/// A customer's stopped channels, and the integrations' webhook endpoints.
public enum NotificationPreferenceRecords {
    /// The channels the customer with this phone has stopped.
    public static func optedOut(phone: String, on db: any SQLDatabase) async throws -> Set<NotificationChannel> {
        Set(
            try await db.raw("SELECT channel FROM notification_opt_outs WHERE phone = \(bind: phone)").all()
                .compactMap { NotificationChannel(rawValue: try $0.text("channel")) })
    }

    public static func optOut(
        phone: String, channel: NotificationChannel, source: String, at instant: Date, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO notification_opt_outs (phone, channel, opted_out_at, source)
            VALUES (\(bind: phone), \(bind: channel.rawValue), \(bind: instant.epochMilliseconds), \(bind: source))
            ON CONFLICT (phone, channel) DO NOTHING
            """
        ).run()
    }

    public static func optIn(phone: String, channel: NotificationChannel, on db: any SQLDatabase) async throws {
        try await db.raw(
            "DELETE FROM notification_opt_outs WHERE phone = \(bind: phone) AND channel = \(bind: channel.rawValue)"
        ).run()
    }
}

/// An integration that receives every customer-facing event as a signed POST.
public struct WebhookEndpoint: Hashable, Sendable, Identifiable {
    public var id: UUID
    public var url: String
    /// The HMAC key the receiver checks the signature with.
    public var secret: String
    public var active: Bool
    public var createdAt: Date
    public var createdBy: String

    public init(id: UUID, url: String, secret: String, active: Bool, createdAt: Date, createdBy: String) {
        self.id = id
        self.url = url
        self.secret = secret
        self.active = active
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

public enum WebhookEndpointRecords {
    public static func insert(_ endpoint: WebhookEndpoint, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO webhook_endpoints (id, url, secret, active, created_at, created_by)
            VALUES (\(bind: endpoint.id.uuidString), \(bind: endpoint.url), \(bind: endpoint.secret),
                    \(bind: Int64(endpoint.active ? 1 : 0)), \(bind: endpoint.createdAt.epochMilliseconds),
                    \(bind: endpoint.createdBy))
            """
        ).run()
    }

    public static func all(on db: any SQLDatabase) async throws -> [WebhookEndpoint] {
        try await db.raw("SELECT * FROM webhook_endpoints ORDER BY created_at, id").all().map(endpoint)
    }

    public static func find(id: UUID, on db: any SQLDatabase) async throws -> WebhookEndpoint? {
        try await db.raw("SELECT * FROM webhook_endpoints WHERE id = \(bind: id.uuidString)").first().map(endpoint)
    }

    public static func setActive(_ id: UUID, _ active: Bool, on db: any SQLDatabase) async throws -> Bool {
        try await !db.raw(
            """
            UPDATE webhook_endpoints SET active = \(bind: Int64(active ? 1 : 0)) WHERE id = \(bind: id.uuidString)
            RETURNING id
            """
        ).all().isEmpty
    }

    static func endpoint(_ row: any SQLRow) throws -> WebhookEndpoint {
        WebhookEndpoint(
            id: try row.uuid("id"), url: try row.text("url"), secret: try row.text("secret"),
            active: try row.bool("active"), createdAt: try row.instant("created_at"),
            createdBy: try row.text("created_by"))
    }
}

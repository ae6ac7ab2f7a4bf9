import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

extension NotificationService {
    /// The channels that can reach the customer behind a tracking link
    /// (SMS for a mobile, e-mail when they gave one), and whether each is stopped.
    public func customerChannels(trackingToken: String) async throws -> [(NotificationChannel, stopped: Bool)] {
        try await database.read { db in
            let order = try await OrderLookup.byTrackingLink(trackingToken, on: db)
            let stopped = try await NotificationPreferenceRecords.optedOut(phone: order.customer.phone, on: db)
            var channels: [NotificationChannel] = []
            if PhoneNumber.isMobile(order.customer.phone) { channels.append(.sms) }
            if order.customer.email != nil { channels.append(.email) }
            return channels.map { ($0, stopped.contains($0)) }
        }
    }

    /// The customer stops (or restarts) SMS or e-mail from their tracking
    /// page: it applies to every order under their phone number. Webhooks
    /// are the company's integrations, not the customer's to stop.
    public func setChannel(_ channel: NotificationChannel, stopped: Bool, trackingToken: String) async throws {
        guard channel != .webhook else { throw OrderLookup.linkNotValid }
        let now = environment.now()
        try await database.write { db in
            let order = try await OrderLookup.byTrackingLink(trackingToken, on: db)
            if stopped {
                try await NotificationPreferenceRecords.optOut(
                    phone: order.customer.phone, channel: channel, source: "tracking-link", at: now, on: db)
            } else {
                try await NotificationPreferenceRecords.optIn(phone: order.customer.phone, channel: channel, on: db)
            }
            try await AuditLog.append(
                actor: Actor(kind: .customer, id: "tracking-link"),
                action: stopped ? "notification.optedOut" : "notification.optedIn", outcome: .succeeded,
                storeCode: order.storeCode, subject: order.number,
                detailJSON: try JSONCoding.canonicalString(["channel": channel.rawValue]), at: now, on: db)
        }
    }

}

extension NotificationService {
    /// The webhook endpoints: company-wide, so administrators'.
    public func webhookEndpoints(by caller: Caller) async throws -> [WebhookEndpoint] {
        try caller.require(.manageWebhooks)
        return try await database.read { try await WebhookEndpointRecords.all(on: $0) }
    }

    /// Adds an endpoint; its signing secret is made here and returned once.
    public func addWebhookEndpoint(url: String?, by caller: Caller) async throws -> WebhookEndpoint {
        try caller.require(.manageWebhooks)
        guard let text = url?.trimmedOrNil, text.count <= 2000, let parsed = URL(string: text),
            let scheme = parsed.scheme?.lowercased(), scheme == "https" || scheme == "http", parsed.host != nil
        else {
            throw AppError.invalid([
                FieldProblem(
                    field: "url", code: "webhook.url",
                    message: LocalizedText(
                        zhHans: "请输入完整的 http(s) 地址", en: "Enter a full http(s) address"))
            ])
        }
        // No webhooks into our own network; a name that does not resolve yet
        // is checked again at every send.
        if await webhookTargets.verdict(forHost: parsed.host ?? "") == .internalAddress {
            throw AppError.invalid([
                FieldProblem(
                    field: "url", code: "webhook.internalAddress",
                    message: LocalizedText(
                        zhHans: "Webhook 不能指向本机或内部网络地址",
                        en: "A webhook cannot point at this machine or an internal network"))
            ])
        }
        let now = environment.now()
        let endpoint = WebhookEndpoint(
            id: environment.newID(), url: text, secret: "whsec_" + AccessService.newSecret(), active: true,
            createdAt: now, createdBy: caller.actor.description)
        try await database.write { db in
            try await WebhookEndpointRecords.insert(endpoint, on: db)
            try await AuditLog.append(
                actor: caller.actor, action: "webhook.added", outcome: .succeeded, subject: endpoint.id.uuidString,
                detailJSON: try JSONCoding.canonicalString(["url": text]), at: now, on: db)
        }
        return endpoint
    }

    /// Stops (or restarts) sending to an endpoint; its queued deliveries then fail for good.
    public func setWebhookEndpoint(_ id: UUID, active: Bool, by caller: Caller) async throws -> WebhookEndpoint {
        try caller.require(.manageWebhooks)
        let now = environment.now()
        return try await database.write { db in
            guard try await WebhookEndpointRecords.setActive(id, active, on: db),
                let endpoint = try await WebhookEndpointRecords.find(id: id, on: db)
            else {
                throw AppError.notFound(LocalizedText(zhHans: "找不到该 Webhook", en: "No such webhook endpoint"))
            }
            try await AuditLog.append(
                actor: caller.actor, action: active ? "webhook.enabled" : "webhook.disabled", outcome: .succeeded,
                subject: id.uuidString, detailJSON: "{}", at: now, on: db)
            return endpoint
        }
    }
}

import Foundation
import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore

extension APIHandler {
    func listNotificationTemplates(_ input: Operations.ListNotificationTemplates.Input) async throws
        -> Operations.ListNotificationTemplates.Output
    {
        let previews = try notifications.whatIsSentWhen(by: try caller)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: previews.map { preview in
                            .init(
                                topic: .init(rawValue: preview.topic.rawValue) ?? .orderConfirmed,
                                events: preview.events.map(\.rawValue),
                                messages: preview.messages.map {
                                    .init(
                                        channel: $0.channel == .sms ? .sms : .email,
                                        zhHans: .init(subject: $0.zhHans.subject, body: $0.zhHans.body),
                                        en: .init(subject: $0.en.subject, body: $0.en.body))
                                }, webhookSample: preview.webhookSample)
                        }))))
    }

    func listNotificationDeliveries(_ input: Operations.ListNotificationDeliveries.Input) async throws
        -> Operations.ListNotificationDeliveries.Output
    {
        let status = input.query.status.flatMap { DeliveryStatus(rawValue: $0.rawValue) }
        let deliveries = try await notifications.deliveries(status: status, by: try caller)
        return .ok(.init(body: .json(.init(items: deliveries.map(Components.Schemas.NotificationDelivery.init)))))
    }

    func retryNotificationDelivery(_ input: Operations.RetryNotificationDelivery.Input) async throws
        -> Operations.RetryNotificationDelivery.Output
    {
        guard let id = UUID(uuidString: input.path.deliveryId) else { throw Self.noSuchDelivery }
        return .ok(.init(body: .json(.init(try await notifications.retryDelivery(id, by: try caller)))))
    }

    func listWebhookEndpoints(_ input: Operations.ListWebhookEndpoints.Input) async throws
        -> Operations.ListWebhookEndpoints.Output
    {
        let endpoints = try await notifications.webhookEndpoints(by: try caller)
        return .ok(.init(body: .json(.init(items: endpoints.map { .init($0, showingSecret: false) }))))
    }

    func addWebhookEndpoint(_ input: Operations.AddWebhookEndpoint.Input) async throws
        -> Operations.AddWebhookEndpoint.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let endpoint = try await notifications.addWebhookEndpoint(url: body.url, by: try caller)
        return .created(.init(body: .json(.init(endpoint, showingSecret: true))))
    }

    func changeWebhookEndpoint(_ input: Operations.ChangeWebhookEndpoint.Input) async throws
        -> Operations.ChangeWebhookEndpoint.Output
    {
        guard let id = UUID(uuidString: input.path.endpointId) else {
            throw AppError.notFound(LocalizedText(zhHans: "找不到该 Webhook", en: "No such webhook endpoint"))
        }
        let endpoint = try await notifications.setWebhookEndpoint(
            id, active: input.path.change == .enable, by: try caller)
        return .ok(.init(body: .json(.init(endpoint, showingSecret: false))))
    }

    static let noSuchDelivery = AppError.notFound(
        LocalizedText(zhHans: "找不到该通知", en: "No such notification was found"))
}

extension Components.Schemas.NotificationDelivery {
    /// The recipient masked: the list is for fixing deliveries, not for reading contacts (R1.4).
    init(_ delivery: NotificationDelivery) {
        let recipient =
            switch delivery.channel {
            case .sms: PersonalData.maskedPhone(delivery.recipient)
            case .email: PersonalData.maskedEmail(delivery.recipient)
            case .webhook: delivery.recipient.lowercased()
            }
        self.init(
            id: delivery.id.uuidString.lowercased(), orderId: delivery.orderID.uuidString.lowercased(),
            storeCode: delivery.storeCode,
            topic: delivery.topic.rawValue, channel: .init(rawValue: delivery.channel.rawValue) ?? .webhook,
            recipient: recipient, language: delivery.language.rawValue,
            status: .init(rawValue: delivery.status.rawValue) ?? .pending, attempts: delivery.attempts,
            nextAttemptAt: delivery.nextAttemptAt, lastError: delivery.lastError, createdAt: delivery.createdAt,
            sentAt: delivery.sentAt)
    }
}

extension Components.Schemas.WebhookEndpoint {
    init(_ endpoint: WebhookEndpoint, showingSecret: Bool) {
        self.init(
            id: endpoint.id.uuidString.lowercased(), url: endpoint.url, secret: showingSecret ? endpoint.secret : nil,
            active: endpoint.active, createdAt: endpoint.createdAt, createdBy: endpoint.createdBy)
    }
}

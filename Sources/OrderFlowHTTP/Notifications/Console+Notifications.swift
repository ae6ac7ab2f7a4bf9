import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore

/// Notifications in the console (B3): "what is sent when" for every
/// topic and channel in both languages, and — for those who manage them —
/// the deliveries, with the dead-letter list and its "send again" button.
extension NotificationsChapter {
    struct TemplateRow: Sendable {
        let topic: String
        let label: String
        let events: String
        let messages: [TemplateMessage]
        let webhookSample: String
    }

    struct TemplateMessage: Sendable {
        let channel: String
        let zhSubject: String?
        let zhBody: String
        let enSubject: String?
        let enBody: String
    }

    struct DeliveryRow: Sendable {
        let id: String
        let order: String
        let href: String
        let topic: String
        let channel: String
        let recipient: String
        let status: String
        let statusLabel: String
        let attempts: Int
        let lastError: String?
        let when: String
        let dead: Bool
    }

    struct NotificationsPage: Sendable {
        let notice: String?
        let templates: [TemplateRow]
        let mayManage: Bool
        let showingDead: Bool
        let deliveries: [DeliveryRow]
        let noDeliveries: Bool
    }

    func notificationsPage(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        let language = visit.language
        let templates = try notifications.whatIsSentWhen(by: visit.caller).map { preview in
            TemplateRow(
                topic: preview.topic.rawValue, label: preview.topic.label.text(in: language),
                events: preview.events.map { $0.label.text(in: language) }.joined(separator: " / "),
                messages: preview.messages.map {
                    TemplateMessage(
                        channel: $0.channel.label.text(in: language), zhSubject: $0.zhHans.subject,
                        zhBody: $0.zhHans.body, enSubject: $0.en.subject, enBody: $0.en.body)
                }, webhookSample: preview.webhookSample)
        }
        let mayManage = visit.caller.mayAtAll(.manageNotifications)
        let showingDead = request.uri.queryParameters["status"] != "all"
        let deliveries =
            mayManage ? try await notifications.deliveries(status: showingDead ? .dead : nil, by: visit.caller) : []
        let zones = try await storeZones()
        let rows = try deliveries.map { delivery in
            DeliveryRow(
                id: delivery.id.uuidString, order: delivery.orderNumber ?? "",
                href: "/console/orders/\(ConsoleForm.percentEncoded(delivery.orderNumber ?? ""))",
                topic: delivery.topic.label.text(in: language), channel: delivery.channel.label.text(in: language),
                recipient: Self.maskedRecipient(delivery), status: delivery.status.rawValue,
                statusLabel: visit.t["delivery_status_\(delivery.status.rawValue)"] ?? delivery.status.rawValue,
                attempts: delivery.attempts, lastError: delivery.lastError,
                when: ConsoleDates.instant(delivery.sentAt ?? delivery.createdAt, in: try zones(delivery.storeCode)),
                dead: delivery.status == .dead)
        }
        let page = NotificationsPage(
            notice: visit.doneNotice(request, "notifications"),
            templates: templates, mayManage: mayManage, showingDead: showingDead, deliveries: rows,
            noDeliveries: rows.isEmpty)
        return renderer.page(
            "notifications", visit.frame(title: visit.t["notifications_title"] ?? "", current: "notifications"), page)
    }

    func retryDelivery(_ request: Request, id: String, _ visit: ConsoleVisit) async throws -> Response {
        guard let form = await ConsoleForm.read(request).map({ $0.mapValues { $0.first ?? "" } }),
            ConsoleGate.checkCSRF(form, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        guard let deliveryID = UUID(uuidString: id) else {
            throw AppError.notFound(LocalizedText(zhHans: "找不到该通知", en: "No such notification was found"))
        }
        _ = try await notifications.retryDelivery(deliveryID, by: visit.caller)
        return ConsoleRenderer.redirect("/console/notifications?done=retried")
    }

    static func maskedRecipient(_ delivery: NotificationDelivery) -> String {
        switch delivery.channel {
        case .sms: PersonalData.maskedPhone(delivery.recipient)
        case .email: PersonalData.maskedEmail(delivery.recipient)
        case .webhook: delivery.recipient
        }
    }
}

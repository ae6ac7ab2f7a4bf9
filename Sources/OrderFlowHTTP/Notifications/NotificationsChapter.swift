import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// Notifications (B3): templates, what was sent, webhooks.
struct NotificationsChapter: ConsoleChapter {
    let console: ConsoleRoutes
    static let name = "notifications"

    static let navigation = [
        NavigationEntry(key: "notifications", href: "/console/notifications", action: .manageNotifications)
    ]

    static let operations: [String: AccessAction] = [
        "listNotificationTemplates": .readReferenceData,
        "listNotificationDeliveries": .manageNotifications,
        "retryNotificationDelivery": .manageNotifications,
        "listWebhookEndpoints": .manageWebhooks,
        "addWebhookEndpoint": .manageWebhooks,
        "changeWebhookEndpoint": .manageWebhooks,
    ]

    /// The outbox's sender.
    static func jobs(_ context: ChapterJobContext) -> [BackgroundJob] {
        let config = context.config
        let notifier = Notifier(
            database: context.database, logger: context.logger,
            transports: OrderFlowServer.notificationTransports(config), publicBaseURL: config.linkBase,
            retry: DeliveryRetry(baseSeconds: config.deliveryRetryBaseSeconds))
        return [notifier.job()]
    }

    func addRoutes(to router: ChapterRoutes) {
        router.page("/console/notifications", of: self) { request, _, visit in
            try await notificationsPage(request, visit)
        }
        router.page("/console/notifications/:id/retry", method: .post, of: self) { request, parameters, visit in
            try await retryDelivery(request, id: parameters.require("id"), visit)
        }
    }
}

import Hummingbird
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

    func addRoutes(to router: ChapterRoutes) {
        router.get("/console/notifications") { request, _ in
            try await signedIn(request) { try await notificationsPage(request, $0) }
        }
        router.post("/console/notifications/:id/retry") { request, context in
            try await signedIn(request) { try await retryDelivery(request, id: context.parameters.require("id"), $0) }
        }
    }
}

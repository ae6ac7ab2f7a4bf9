import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore

/// Notifications as people handle them (B3): what is sent when, the
/// deliveries and their dead-letter list, the integrations' webhook
/// endpoints, and the customer's own choice of channels.
public struct NotificationService: Sendable {
    let database: any OrderFlowDatabase
    let environment: AppEnvironment
    let logger: Logger
    /// Where webhooks may point (internal hosts only when the deployment names them).
    let webhookTargets: WebhookTargetCheck

    public init(
        database: any OrderFlowDatabase, environment: AppEnvironment = .live, logger: Logger,
        webhookTargets: WebhookTargetCheck = WebhookTargetCheck()
    ) {
        self.database = database
        self.environment = environment
        self.logger = logger
        self.webhookTargets = webhookTargets
    }

    /// One topic as the preview screen shows it: the events that send it
    /// and each channel's text in both languages, filled with a sample order.
    public struct TopicPreview: Sendable {
        public var topic: NotificationTopic
        public var events: [OrderEventType]
        public var messages: [(channel: NotificationChannel, zhHans: RenderedMessage, en: RenderedMessage)]
        public var webhookSample: String
    }

    public static let sampleValues = MessageValues(
        order: "SH01-20261201-0007", store: "上海徐汇店", storePhone: "02164871234", window: "12月2日 10:00–12:00",
        technician: "张师傅", reason: "客户要求取消", link: "https://orderflow.example.com/track/…")

    /// What is sent when, for every topic (templates are reference data:
    /// everyone who reads the catalog may read them).
    public func whatIsSentWhen(by caller: Caller) throws -> [TopicPreview] {
        try caller.require(.readReferenceData)
        return NotificationTopic.allCases.map { topic in
            var english = Self.sampleValues
            english.store = "Shanghai Xuhui"
            english.window = "2 Dec 10:00–12:00"
            english.technician = "Zhang Wei"
            english.reason = "the customer asked to cancel"
            let messages = [NotificationChannel.sms, .email].compactMap { channel in
                NotificationTemplates.template(topic, channel).map {
                    (channel, $0.render(Self.sampleValues, in: .zhHans), $0.render(english, in: .en))
                }
            }
            let sample = WebhookEvent(
                topic: topic.rawValue, event: topic.events.first?.rawValue ?? "",
                occurredAt: Date(timeIntervalSince1970: 1_796_090_400),
                order: .init(
                    number: Self.sampleValues.order, storeCode: "SH01", status: "confirmed",
                    appointmentStart: Date(timeIntervalSince1970: 1_796_176_800),
                    appointmentEnd: Date(timeIntervalSince1970: 1_796_184_000)))
            let json = (try? WebhookEvent.encoder.encode(sample)).map { String(decoding: $0, as: UTF8.self) }
            return TopicPreview(topic: topic, events: topic.events, messages: messages, webhookSample: json ?? "")
        }
    }

    /// Deliveries of the caller's stores in a status, newest first.
    public func deliveries(status: DeliveryStatus?, by caller: Caller) async throws -> [NotificationDelivery] {
        try caller.require(.manageNotifications)
        let stores = caller.visibleStores(for: .manageNotifications)
        return try await database.read {
            try await NotificationDeliveryRecords.list(status: status, stores: stores, limit: 200, on: $0)
        }
    }

    /// Sends a dead delivery again, with a fresh set of attempts; audited.
    public func retryDelivery(_ id: UUID, by caller: Caller) async throws -> NotificationDelivery {
        try caller.require(.manageNotifications)
        let now = environment.now()
        return try await database.write { db in
            guard let delivery = try await NotificationDeliveryRecords.find(id: id, on: db),
                caller.may(.manageNotifications, storeCode: delivery.storeCode)
            else { throw Self.deliveryNotFound }
            guard try await NotificationDeliveryRecords.revive(id, at: now, on: db) else {
                throw AppError.conflict(
                    code: "delivery.notDead",
                    message: LocalizedText(
                        zhHans: "只有发送失败的通知才能重发", en: "Only a delivery that failed for good can be sent again"))
            }
            try await AuditLog.append(
                actor: caller.actor, action: "notification.retried", outcome: .succeeded, storeCode: delivery.storeCode,
                subject: delivery.id.uuidString,
                detailJSON: try JSONCoding.canonicalString(["channel": delivery.channel.rawValue]), at: now, on: db)
            guard let revived = try await NotificationDeliveryRecords.find(id: id, on: db) else {
                throw Self.deliveryNotFound
            }
            return revived
        }
    }

    /// The deliveries of one order, for its page (the page checked access).
    public func deliveries(ofOrder order: Order) async throws -> [NotificationDelivery] {
        try await database.read { try await NotificationDeliveryRecords.forOrder(order.id, on: $0) }
    }

    static let deliveryNotFound = AppError.notFound(
        LocalizedText(zhHans: "找不到该通知", en: "No such notification was found"))
}

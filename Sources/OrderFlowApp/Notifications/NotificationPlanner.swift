import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// Turns one outbox entry into its deliveries (B3): an SMS to the
/// customer's mobile and an e-mail to their address, each in the
/// customer's language, unless they stopped that channel or the server
/// has no transport for it; and the event, as JSON, to every active
/// webhook endpoint. Customer messages carry a fresh tracking link.
struct NotificationPlanner: Sendable {
    /// The channels with a transport on this server.
    var channels: Set<NotificationChannel>
    /// Where links in messages point, e.g. `https://orderflow.example.com`.
    var publicBaseURL: String
    var newID: @Sendable () -> UUID
    /// Customers are not told of events older than this (the server was
    /// down for a day): news that late confuses more than it helps.
    var customerNewsWithin: TimeInterval = 24 * 3600

    func deliveries(
        for entry: OutboxEntry, now: Date, endpoints knownEndpoints: [WebhookEndpoint]? = nil, on db: any SQLDatabase
    ) async throws -> [NotificationDelivery] {
        // Read once per batch by the notifier; nothing to read at all when
        // there is neither a customer channel nor a webhook (the usual case
        // of a server without SMS, e-mail and endpoints).
        var endpoints = knownEndpoints ?? []
        if knownEndpoints == nil { endpoints = try await WebhookEndpointRecords.all(on: db).filter(\.active) }
        let customerNews = !channels.isEmpty && now.timeIntervalSince(entry.createdAt) <= customerNewsWithin
        guard customerNews || !endpoints.isEmpty else { return [] }
        guard let order = try await OrderRecords.find(id: entry.orderID, on: db) else { return [] }
        let store = try await StoreRecords.find(code: order.storeCode, on: db)
        let language = order.customer.language ?? .zhHans
        var planned: [(NotificationChannel, String, Language, RenderedMessage)] = []
        if customerNews {
            let stopped = try await NotificationPreferenceRecords.optedOut(phone: order.customer.phone, on: db)
            var recipients: [(NotificationChannel, String)] = []
            if channels.contains(.sms), !stopped.contains(.sms), PhoneNumber.isMobile(order.customer.phone) {
                recipients.append((.sms, order.customer.phone))
            }
            if channels.contains(.email), !stopped.contains(.email), let email = order.customer.email {
                recipients.append((.email, email))
            }
            if !recipients.isEmpty {
                let values = try await values(
                    for: order, store: store, entry: entry, language: language, now: now, on: db)
                for (channel, recipient) in recipients {
                    guard let template = NotificationTemplates.template(entry.topic, channel) else { continue }
                    planned.append((channel, recipient, language, template.render(values, in: language)))
                }
            }
        }
        if !endpoints.isEmpty {
            let event = WebhookEvent(entry: entry, order: order)
            let json = String(decoding: try WebhookEvent.encoder.encode(event), as: UTF8.self)
            for endpoint in endpoints {
                planned.append((.webhook, endpoint.id.uuidString, .en, RenderedMessage(subject: nil, body: json)))
            }
        }
        return planned.map { channel, recipient, language, message in
            NotificationDelivery(
                id: newID(), outboxID: entry.id, orderID: order.id, storeCode: order.storeCode, topic: entry.topic,
                channel: channel, recipient: recipient, language: language, message: message, nextAttemptAt: now,
                createdAt: now)
        }
    }

    private func values(
        for order: Order, store: Store?, entry: OutboxEntry, language: Language, now: Date, on db: any SQLDatabase
    ) async throws -> MessageValues {
        let events = try await EventLog.events(of: order.id, on: db)
        let event = events.first { $0.sequence == entry.eventSequence }.flatMap(TimelineEntry.of)
        var technician = ""
        if let ids = event?.payload[DeliveryPayload.self]?.technicianIDs {
            var names: [String] = []
            for id in ids {
                if let member = try await StaffRecords.find(id: id, on: db) { names.append(member.displayName) }
            }
            technician = names.joined(separator: language == .zhHans ? "、" : ", ")
        } else if entry.topic == .technicianAssigned || entry.topic == .serviceStarted,
            let assignment = try await AssignmentRecords.find(orderID: order.id, on: db)
        {
            var names: [String] = []
            for id in assignment.assignment.technicianIDs {
                if let member = try await StaffRecords.find(id: id, on: db) { names.append(member.displayName) }
            }
            technician = names.joined(separator: language == .zhHans ? "、" : ", ")
        }
        let token = AccessService.newSecret()
        try await TrackingLinkRecords.insert(secret: token, orderID: order.id, at: now, on: db)
        let problem = event?.payload[FollowUpPayload.self]?.problem
        guard let zone = store?.timeZone else { throw StoreZone.missing(order.storeCode) }
        return MessageValues(
            order: order.number, store: store?.name.text(in: language) ?? order.storeCode,
            storePhone: store?.phone ?? "",
            window: NotificationWording.window(order.appointment, in: zone, language: language),
            technician: technician, reason: Self.reason(of: event, topic: entry.topic, language: language),
            link: "\(publicBaseURL)/track/\(token)", cause: problem?.cause ?? "", measures: problem?.measures ?? "",
            expected: (problem?.expectedResolutionAt ?? event?.payload[DeliveryPayload.self]?.report?.acceptanceDueAt
                ?? event?.payload[AfterSalesPayload.self]?.claim.respondBy).map {
                    NotificationWording.instant($0, in: zone, language: language)
                } ?? "")
    }
}

extension NotificationPlanner {
    /// The `{reason}` of a message: a claim's answer is its explanation in
    /// the customer's language (R6.3); otherwise the event's reason.
    static func reason(of event: TimelineEntry?, topic: NotificationTopic, language: Language) -> String {
        if topic == .claimAccepted || topic == .claimDeclined, let claim = event?.payload[AfterSalesPayload.self]?.claim
        {
            return claim.assessment.explanation.text(in: language)
        }
        return event?.payload.reason ?? ""
    }
}

/// How dates read in a customer message.
enum NotificationWording {
    static func window(_ window: AppointmentWindow, in zone: TimeZone, language: Language) -> String {
        let day = DateFormatter()
        day.timeZone = zone
        day.locale = Locale(identifier: language == .zhHans ? "zh_CN" : "en_GB")
        day.dateFormat = language == .zhHans ? "M月d日" : "d MMM"
        let time = DateFormatter()
        time.timeZone = zone
        time.locale = Locale(identifier: "en_US_POSIX")
        time.dateFormat = "HH:mm"
        return "\(day.string(from: window.start)) \(time.string(from: window.start))–\(time.string(from: window.end))"
    }

    static func instant(_ instant: Date, in zone: TimeZone, language: Language) -> String {
        let format = DateFormatter()
        format.timeZone = zone
        format.locale = Locale(identifier: language == .zhHans ? "zh_CN" : "en_GB")
        format.dateFormat = language == .zhHans ? "M月d日 HH:mm" : "d MMM HH:mm"
        return format.string(from: instant)
    }
}

/// The JSON a webhook endpoint receives: what happened to which order,
/// without the customer's personal data (R1.4). Instants are ISO 8601, as
/// everywhere else in the API.
struct WebhookEvent: Codable, Sendable {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    struct OrderFacts: Codable, Sendable {
        var number: String
        var storeCode: String
        var status: String
        var appointmentStart: Date
        var appointmentEnd: Date
    }

    var topic: String
    var event: String
    var occurredAt: Date
    var order: OrderFacts

    init(topic: String, event: String, occurredAt: Date, order: OrderFacts) {
        self.topic = topic
        self.event = event
        self.occurredAt = occurredAt
        self.order = order
    }

    init(entry: OutboxEntry, order: Order) {
        self.init(
            topic: entry.topic.rawValue, event: entry.eventType, occurredAt: entry.createdAt,
            order: OrderFacts(
                number: order.number, storeCode: order.storeCode, status: order.status.rawValue,
                appointmentStart: order.appointment.start, appointmentEnd: order.appointment.end))
    }
}

import Foundation
import OrderFlowCore

/// A message ready for the wire: what a transport needs, nothing more.
public struct OutgoingMessage: Sendable {
    public var deliveryID: UUID
    public var topic: NotificationTopic
    /// A phone number, an e-mail address, or (webhooks) the endpoint's URL.
    public var recipient: String
    public var subject: String?
    public var body: String
    /// For webhooks: the key the body is signed with.
    public var signingSecret: String?

    public init(
        deliveryID: UUID, topic: NotificationTopic, recipient: String, subject: String?, body: String,
        signingSecret: String? = nil
    ) {
        self.deliveryID = deliveryID
        self.topic = topic
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.signingSecret = signingSecret
    }
}

/// Why a send failed. A permanent failure (the provider refused the
/// number, the endpoint is gone) is not retried; anything else is.
public struct TransportFailure: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var permanent: Bool

    public init(_ reason: String, permanent: Bool = false) {
        self.reason = reason
        self.permanent = permanent
    }

    public var description: String { reason }
}

/// One way out: SMTP, an SMS provider's HTTP API, webhooks.
public protocol MessageTransport: Sendable {
    func send(_ message: OutgoingMessage) async throws
}

/// The transports this server has: a channel without one is not used (no
/// deliveries are made for it). Webhooks need no settings of their own.
public struct NotificationTransports: Sendable {
    public var sms: (any MessageTransport)?
    public var email: (any MessageTransport)?
    public var webhook: any MessageTransport

    public init(
        sms: (any MessageTransport)? = nil, email: (any MessageTransport)? = nil,
        webhook: any MessageTransport = WebhookTransport()
    ) {
        self.sms = sms
        self.email = email
        self.webhook = webhook
    }

    public func transport(for channel: NotificationChannel) -> (any MessageTransport)? {
        switch channel {
        case .sms: sms
        case .email: email
        case .webhook: webhook
        }
    }
}

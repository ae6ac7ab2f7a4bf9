import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Synchronization
import Testing

/// The webhook and SMS-gateway transports over real HTTP: a Hummingbird
/// server on a loopback port plays the integration and the SMS provider.
@Suite("Notifications: webhooks and the SMS gateway over HTTP (B3)")
struct NotificationTransportTests {
    struct Received: Sendable {
        var path: String
        var headers: HTTPFields
        var body: String
    }

    final class ReceivedLog: Sendable {
        private let state = Mutex<[Received]>([])
        func withLock<T>(_ body: (inout [Received]) -> T) -> T { state.withLock { body(&$0) } }
    }

    /// A receiver that answers `failFirst` requests with 503, then 200.
    static func receiver(failFirst: Int, log: ReceivedLog) -> Application<RouterResponder<BasicRequestContext>> {
        let router = Router()
        router.post("/:kind") { request, context -> HTTPResponse.Status in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let count = log.withLock { received in
                received.append(Received(path: request.uri.path, headers: request.headers, body: body))
                return received.count
            }
            return count <= failFirst ? .serviceUnavailable : .ok
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    @Test("B3 a webhook endpoint that is down is retried; every try has the same delivery id and a valid signature")
    func webhookRetriedAndSigned() async throws {
        let log = ReceivedLog()
        try await Self.receiver(failFirst: 2, log: log).test(.live) { client in
            let port = try #require(client.port)
            try await TestDatabase.with(.sqlite) { database in
                try await Fixtures.seed(database)
                let clock = TestClock()
                // The receiver is on this machine: the deployment names it.
                let local = WebhookTargetCheck(allowedHosts: ["127.0.0.1"])
                let service = NotificationService(
                    database: database, environment: clock.environment, logger: TestDatabase.logger,
                    webhookTargets: local)
                let endpoint = try await service.addWebhookEndpoint(
                    url: "http://127.0.0.1:\(port)/hook", by: Fixtures.administrator)
                let order = try await Fixtures.intake(database).createOrder(Fixtures.draft(), by: Fixtures.agent)
                let notifier = Notifier(
                    database: database, environment: clock.environment, logger: TestDatabase.logger,
                    transports: NotificationTransports(webhook: WebhookTransport(targets: local)),
                    publicBaseURL: "https://orderflow.example.com", retry: DeliveryRetry(baseSeconds: 10))
                try await notifier.expandPending()
                #expect(try await notifier.sendDue() == Notifier.SendOutcome(retried: 1))
                clock.advance(by: 15)
                #expect(try await notifier.sendDue() == Notifier.SendOutcome(retried: 1))
                clock.advance(by: 30)
                #expect(try await notifier.sendDue() == Notifier.SendOutcome(sent: 1))
                let received = log.withLock { $0 }
                #expect(received.count == 3)
                let ids = Set(received.compactMap { $0.headers[HTTPField.Name("X-OrderFlow-Delivery")!] })
                #expect(ids.count == 1)
                for request in received {
                    let timestamp = try #require(request.headers[HTTPField.Name("X-OrderFlow-Timestamp")!])
                    let expected = WebhookTransport.signature(
                        timestamp: timestamp, body: Data(request.body.utf8), secret: endpoint.secret)
                    #expect(request.headers[HTTPField.Name("X-OrderFlow-Signature")!] == "sha256=\(expected)")
                    #expect(request.headers[HTTPField.Name("X-OrderFlow-Event")!] == "orderConfirmed")
                }
                let body = try #require(received.last?.body)
                #expect(body.contains(order.order.order.number))
                // A tampered body fails the check a receiver makes.
                let timestamp = received[0].headers[HTTPField.Name("X-OrderFlow-Timestamp")!] ?? ""
                #expect(
                    WebhookTransport.signature(
                        timestamp: timestamp, body: Data((body + " ").utf8), secret: endpoint.secret)
                        != WebhookTransport.signature(
                            timestamp: timestamp, body: Data(body.utf8), secret: endpoint.secret))
            }
        }
    }

    @Test("B3 webhooks cannot target this machine or internal networks, at registration or at send time")
    func webhookTargets() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let service = NotificationService(database: database, logger: TestDatabase.logger)
            for url in [
                "http://127.0.0.1:9/hook", "http://localhost/hook", "http://[::1]/hook",
                "http://169.254.169.254/latest/meta-data", "https://10.1.2.3/hook", "https://192.168.1.1/",
                "http://172.20.0.5/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://[fd00::1]/",
            ] {
                do {
                    _ = try await service.addWebhookEndpoint(url: url, by: Fixtures.administrator)
                    Issue.record("accepted \(url)")
                } catch AppError.invalid(let problems) {
                    #expect(problems.map(\.code) == ["webhook.internalAddress"], "\(url)")
                }
            }
            // A public address is fine; a name that does not resolve yet is checked at send time.
            _ = try await service.addWebhookEndpoint(url: "https://203.0.113.10/hook", by: Fixtures.administrator)
            _ = try await service.addWebhookEndpoint(url: "https://partner.invalid/hook", by: Fixtures.administrator)
        }
        // At send time: an internal address is a permanent refusal, nothing leaves.
        let message = OutgoingMessage(
            deliveryID: UUID(), topic: .orderConfirmed, recipient: "http://127.0.0.1:9/hook", subject: nil,
            body: "{}", signingSecret: "whsec_x")
        do {
            try await WebhookTransport().send(message)
            Issue.record("sent to 127.0.0.1")
        } catch let failure as TransportFailure {
            #expect(failure.permanent && failure.reason.contains("internal"))
        }
    }

    @Test("B3 a webhook's redirect is not followed: a 3xx is a refusal, and its target sees nothing")
    func webhookRedirectNotFollowed() async throws {
        let log = ReceivedLog()
        let router = Router()
        router.post("/hook") { _, _ -> Response in
            Response(status: .found, headers: [.location: "/inside"])
        }
        router.post("/inside") { request, _ -> HTTPResponse.Status in
            log.withLock { $0.append(Received(path: request.uri.path, headers: request.headers, body: "")) }
            return .ok
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let transport = WebhookTransport(targets: WebhookTargetCheck(allowedHosts: ["127.0.0.1"]))
            do {
                try await transport.send(
                    OutgoingMessage(
                        deliveryID: UUID(), topic: .orderConfirmed, recipient: "http://127.0.0.1:\(port)/hook",
                        subject: nil, body: "{}", signingSecret: "whsec_x"))
                Issue.record("a redirect counted as delivered")
            } catch let failure as TransportFailure {
                #expect(failure.permanent && failure.reason == "HTTP 302")
            }
            #expect(log.withLock { $0.isEmpty })
        }
    }

    @Test("B3 the SMS gateway gets the number, the text and the key; a refused number is not retried")
    func smsGateway() async throws {
        let log = ReceivedLog()
        try await Self.receiver(failFirst: 0, log: log).test(.live) { client in
            let port = try #require(client.port)
            guard let url = URL(string: "http://127.0.0.1:\(port)/sms") else { return }
            let transport = SMSGatewayTransport(url: url, apiKey: "sms-key-123")
            let id = UUID()
            try await transport.send(
                OutgoingMessage(
                    deliveryID: id, topic: .orderConfirmed, recipient: "13812345678", subject: nil, body: "【店】您好"))
            let request = try #require(log.withLock { $0.first })
            #expect(request.headers[.authorization] == "Bearer sms-key-123")
            let json = try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: String]
            #expect(json == ["to": "13812345678", "text": "【店】您好", "reference": id.uuidString.lowercased()])
        }
        // Nobody listening: a failure worth retrying, not a permanent one.
        let nowhere = SMSGatewayTransport(url: URL(string: "http://127.0.0.1:9/sms")!, apiKey: "k", timeout: 3)
        do {
            try await nowhere.send(
                OutgoingMessage(
                    deliveryID: UUID(), topic: .orderConfirmed, recipient: "13812345678", subject: nil, body: "x"))
            Issue.record("sent to a closed port")
        } catch let failure as TransportFailure {
            #expect(!failure.permanent)
        }
    }
}

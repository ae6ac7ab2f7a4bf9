import Crypto
import Foundation
import OrderFlowCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// POSTs JSON and sorts the answer: 2xx is sent; 408, 429 and 5xx, or no
/// answer at all, are worth another try; any other 4xx will not get better.
enum JSONPost {
    /// Redirects are not followed: a 3xx is the answer (a permanent refusal),
    /// so a webhook cannot be bounced into our own network.
    static let session = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)

    static func send(_ body: Data, to url: URL, headers: [String: String], timeout: TimeInterval) async throws {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let response: URLResponse
        do {
            (_, response) = try await session.data(for: request)
        } catch {
            throw TransportFailure("no answer from \(url.host ?? "the endpoint"): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        switch status {
        case 200..<300: return
        case 408, 429, 500..<600, 0: throw TransportFailure("HTTP \(status)")
        default: throw TransportFailure("HTTP \(status)", permanent: true)
        }
    }
}

/// Declines every redirect. It holds no state, so it is safe to share.
final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}

/// An SMS provider's HTTP API (B3): `POST {url}` with
/// `{"to": phone, "text": message, "reference": delivery id}` and the key
/// as a bearer token. Providers differ in field names; this is the shape
/// our gateway adapter and the test stand-in speak.
public struct SMSGatewayTransport: MessageTransport {
    public var url: URL
    public var apiKey: String
    public var timeout: TimeInterval

    public init(url: URL, apiKey: String, timeout: TimeInterval = 10) {
        self.url = url
        self.apiKey = apiKey
        self.timeout = timeout
    }

    public func send(_ message: OutgoingMessage) async throws {
        let body = try JSONEncoder().encode([
            "to": message.recipient, "text": message.body, "reference": message.deliveryID.uuidString.lowercased(),
        ])
        try await JSONPost.send(body, to: url, headers: ["Authorization": "Bearer \(apiKey)"], timeout: timeout)
    }
}

/// Signed webhooks (B3). Headers: `X-OrderFlow-Delivery` (the same on
/// every retry, for the receiver to recognise a repeat),
/// `X-OrderFlow-Event`, `X-OrderFlow-Timestamp` (Unix seconds), and
/// `X-OrderFlow-Signature: sha256=<hex>`, the HMAC-SHA256 with the
/// endpoint's secret of `timestamp + "." + body`, so a captured request
/// cannot be replayed later with another timestamp.
public struct WebhookTransport: MessageTransport {
    public var timeout: TimeInterval
    public var now: @Sendable () -> Date
    /// Checked at every send: the endpoint's name may point elsewhere since it was registered.
    public var targets: WebhookTargetCheck

    public init(
        timeout: TimeInterval = 10, now: @escaping @Sendable () -> Date = AppEnvironment.live.now,
        targets: WebhookTargetCheck = WebhookTargetCheck()
    ) {
        self.timeout = timeout
        self.now = now
        self.targets = targets
    }

    public func send(_ message: OutgoingMessage) async throws {
        guard let url = URL(string: message.recipient), let host = url.host, let secret = message.signingSecret else {
            throw TransportFailure("the endpoint has no valid URL or secret", permanent: true)
        }
        switch await targets.verdict(forHost: host) {
        case .allowed: break
        case .internalAddress: throw TransportFailure("refused: the endpoint is an internal address", permanent: true)
        case .unresolved: throw TransportFailure("the endpoint's host does not resolve")
        }
        let timestamp = String(Int(now().timeIntervalSince1970))
        let body = Data(message.body.utf8)
        try await JSONPost.send(
            body, to: url,
            headers: [
                "X-OrderFlow-Delivery": message.deliveryID.uuidString.lowercased(),
                "X-OrderFlow-Event": message.topic.rawValue,
                "X-OrderFlow-Timestamp": timestamp,
                "X-OrderFlow-Signature": "sha256=" + Self.signature(timestamp: timestamp, body: body, secret: secret),
            ], timeout: timeout)
    }

    public static func signature(timestamp: String, body: Data, secret: String) -> String {
        var signed = Data((timestamp + ".").utf8)
        signed.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }
}

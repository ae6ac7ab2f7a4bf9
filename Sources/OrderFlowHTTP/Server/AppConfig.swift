import Foundation
import OrderFlowApp
import OrderFlowStore

/// Everything `orderflow serve` needs, read once at start from flags and the
/// environment, and checked before anything listens (DESIGN.md §7).
public struct AppConfig: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    /// A `postgres://` URL selects PostgreSQL; otherwise the embedded SQLite file below.
    public var databaseURL: String?
    public var sqlitePath: String = "data/orderflow.sqlite"
    public var sqliteDurability: SQLiteDurability = .full
    /// Set when users reach the server over TLS (directly or through a
    /// proxy): session cookies are then marked `Secure`.
    public var secureCookies = false
    /// Set when a reverse proxy in front sets `X-Forwarded-For`: sign-in
    /// rate limiting then counts by the client's address, not the proxy's.
    /// Never set it without such a proxy: clients could claim any address.
    public var trustForwardedFor = false
    /// Per-platform HMAC secrets for platform intake, by platform name.
    public var platformSecrets: [String: String] = [:]
    /// Request bodies above this are refused with 413 before they are read whole.
    public var maxBodyBytes: Int = 256 * 1024
    /// How often the deadline monitor looks for stages falling due (R4.5):
    /// the bound on how late an alert can be.
    public var deadlineScanInterval: Duration = .seconds(1)
    /// How long one live-alerts stream stays open before the browser is
    /// asked to reconnect: no connection outlives a deploy by much.
    public var alertStreamSeconds: Int = 300
    /// The address customers reach this server at, for links in messages
    /// (`ORDERFLOW_PUBLIC_URL`); by default the listening address.
    public var publicBaseURL: String?
    /// E-mail goes through this SMTP relay (`ORDERFLOW_SMTP_HOST`, `_PORT`,
    /// `_FROM`); without it no e-mail is sent.
    public var smtpHost: String?
    public var smtpPort: Int = 25
    public var smtpFrom: String = "orderflow@localhost"
    /// SMS go through this provider API (`ORDERFLOW_SMS_URL`, `_KEY`); without it no SMS is sent.
    public var smsURL: String?
    public var smsKey: String = ""
    /// The first retry of a failed delivery waits this long, doubling after (B3).
    public var deliveryRetryBaseSeconds: Double = 30
    /// Where photos, documents and signatures are kept (`ORDERFLOW_ATTACHMENTS_DIR`);
    /// by default `attachments/` beside the SQLite file. Instances sharing a
    /// PostgreSQL database must share this directory too (a network volume).
    public var attachmentsPath: String?
    /// Internal hosts webhooks may reach after all (`ORDERFLOW_WEBHOOK_ALLOWED_HOSTS`,
    /// comma-separated names or addresses); every other internal address is refused.
    public var webhookAllowedHosts: Set<String> = []
    /// The bearer token Prometheus scrapes `/metrics` with
    /// (`ORDERFLOW_METRICS_TOKEN`); without one, only this machine may scrape.
    public var metricsToken: String?

    /// Whether `serve` verifies every hash chain once it is ready
    /// (`ORDERFLOW_VERIFY_AT_START`, on unless `0`).
    public var verifyAtStart = true

    public init() {}

    /// `a.internal, 10.0.0.5` → the set of names.
    public static func parseHostList(_ text: String) -> Set<String> {
        Set(
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter {
                !$0.isEmpty
            })
    }

    var webhookTargets: WebhookTargetCheck { WebhookTargetCheck(allowedHosts: webhookAllowedHosts) }

    public var attachmentsDirectory: URL {
        if let attachmentsPath { return URL(fileURLWithPath: attachmentsPath) }
        let folder = URL(fileURLWithPath: sqlitePath).deletingLastPathComponent()
        return folder.appendingPathComponent("attachments")
    }

    /// Where links in messages point.
    public var linkBase: String {
        (publicBaseURL ?? "http://\(host):\(port)").trimmingSuffix("/")
    }

    /// Every problem with the configuration at once, so a misconfigured
    /// deployment fails loudly at start with the whole list.
    public func problems() -> [String] {
        var problems: [String] = []
        if !(1...65_535).contains(port) { problems.append("port must be 1–65535") }
        if let url = databaseURL, !url.hasPrefix("postgres://"), !url.hasPrefix("postgresql://") {
            problems.append("ORDERFLOW_DATABASE_URL must be a postgres:// URL (leave it unset for SQLite)")
        }
        for (name, secret) in platformSecrets where secret.count < 16 {
            problems.append("the secret of platform \(name) must be at least 16 characters")
        }
        if maxBodyBytes < 1024 { problems.append("the body limit must be at least 1024 bytes") }
        if let url = smsURL, URL(string: url)?.host == nil { problems.append("ORDERFLOW_SMS_URL must be a full URL") }
        if let url = publicBaseURL, URL(string: url)?.host == nil {
            problems.append("ORDERFLOW_PUBLIC_URL must be a full URL, like https://orderflow.example.com")
        }
        if smtpHost != nil, !(1...65_535).contains(smtpPort) { problems.append("ORDERFLOW_SMTP_PORT must be 1–65535") }
        if let token = metricsToken, token.count < 16 {
            problems.append("ORDERFLOW_METRICS_TOKEN must be at least 16 characters")
        }
        if deliveryRetryBaseSeconds <= 0 { problems.append("the delivery retry delay must be positive") }
        return problems
    }

    /// Parses `meituan=secret1,jd=secret2`.
    public static func parsePlatformSecrets(_ text: String) -> [String: String] {
        var secrets: [String: String] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, !parts[0].isEmpty { secrets[parts[0]] = parts[1] }
        }
        return secrets
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var text = self
        while text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        return text
    }
}

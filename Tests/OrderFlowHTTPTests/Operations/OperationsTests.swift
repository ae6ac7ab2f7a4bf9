import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Synchronization
import Testing

@testable import OrderFlowHTTP

/// What operators rely on (B7): request ids, `/metrics`, `/ready` while
/// the server starts, and log lines a collector can read.
@Suite("Operations: request ids, metrics, readiness, logs")
struct OperationsTests {
    static let requestID = HTTPField.Name("X-Request-ID")!
    static let metricsToken = "scrape-token-0123456789"

    @Test("B7 every answer carries a request id; a sane caller's id is kept; problem bodies name it")
    func requestIDs() async throws {
        try await APITest.run { client, _ in
            let health = try await client.execute(uri: "/health", method: .get)
            let made = try #require(health.headers[Self.requestID])
            #expect(made.count == 32)
            let kept = try await client.execute(
                uri: "/health", method: .get, headers: [Self.requestID: "proxy-abc.123_x"])
            #expect(kept.headers[Self.requestID] == "proxy-abc.123_x")
            // A forged line break or an overlong value is not kept.
            for bad in ["a\tb-c-d-e-f", String(repeating: "x", count: 65), "short"] {
                let replaced = try await client.execute(uri: "/health", method: .get, headers: [Self.requestID: bad])
                #expect(replaced.headers[Self.requestID] != bad)
                #expect(replaced.headers[Self.requestID]?.count == 32)
            }
            let refused = try await client.execute(
                uri: "/api/v1/orders/NO-SUCH-ORDER", method: .get, headers: APITest.auth)
            #expect(refused.status == .notFound)
            let body = try JSONSerialization.jsonObject(with: Data(refused.body.readableBytesView)) as? [String: Any]
            #expect(body?["requestId"] as? String == refused.headers[Self.requestID])
            #expect(refused.headers[Self.requestID] != nil)
        }
    }

    @Test("B7 /metrics with a token answers only its bearer")
    func metricsToken() async throws {
        let withToken: @Sendable (inout AppConfig) -> Void = { $0.metricsToken = Self.metricsToken }
        try await APITest.run(configure: withToken) { client, _ in
            let none = try await client.execute(uri: "/metrics", method: .get)
            #expect(none.status == .unauthorized)
            #expect(none.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            let wrong = try await client.execute(
                uri: "/metrics", method: .get, headers: [.authorization: "Bearer scrape-token-wrong-0000"])
            #expect(wrong.status == .unauthorized)
            // An API token of an administrator is not the scrape token either.
            let admin = try await client.execute(uri: "/metrics", method: .get, headers: APITest.auth)
            #expect(admin.status == .unauthorized)
            let right = try await client.execute(
                uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(Self.metricsToken)"])
            #expect(right.status == .ok)
            #expect(right.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
        }
    }

    @Test("B7 /metrics without a token: this machine may scrape, another may not")
    func metricsLoopbackOnly() async throws {
        // In process there is no peer address: not this machine.
        try await APITest.run { client, _ in
            let scraped = try await client.execute(uri: "/metrics", method: .get)
            #expect(scraped.status == .forbidden)
        }
        // Over real HTTP on loopback: this machine.
        try await APITest.run(framework: .live) { client, _ in
            let scraped = try await client.execute(uri: "/metrics", method: .get)
            #expect(scraped.status == .ok)
        }
        #expect(MetricsEndpoint.isLoopback("127.0.0.1") && MetricsEndpoint.isLoopback("::1"))
        #expect(!MetricsEndpoint.isLoopback("10.0.0.7") && !MetricsEndpoint.isLoopback("unknown"))
    }

    @Test("B7 /metrics shows what all instances share: open orders by stage, the outbox, the jobs")
    func sharedFigures() async throws {
        let withToken: @Sendable (inout AppConfig) -> Void = { $0.metricsToken = Self.metricsToken }
        try await APITest.run(configure: withToken) { client, database in
            for phone in ["13812345678", "13812345679"] {
                let created = try await client.execute(
                    uri: "/api/v1/orders", method: .post, headers: APITest.auth,
                    body: try APITest.bytes(APITest.orderBody(phone: phone)))
                #expect(created.status == .created)
            }
            // The monitor gives each new order's watch its running stage.
            let monitor = DeadlineMonitor(
                database: database, environment: .at(Fixtures.tickingClock()), logger: TestDatabase.logger)
            try await monitor.scan()
            let figures = try await database.read { try await OperationsRecords.figures(on: $0) }
            let scraped = try await client.execute(
                uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(Self.metricsToken)"])
            let text = String(buffer: scraped.body)
            #expect(figures.openOrdersByStage.values.reduce(0, +) >= 2)
            for (stage, count) in figures.openOrdersByStage {
                #expect(text.contains("orderflow_open_orders{stage=\"\(stage)\"} \(count)"))
            }
            #expect(text.contains("orderflow_outbox_waiting \(figures.outboxWaiting)"))
            #expect(text.contains("orderflow_notifications_dead_letters 0"))
            #expect(text.contains("orderflow_shared_figures_ok 1"))
        }
    }

    @Test("B7 while the server starts, /health answers, /ready and every route say 503 until it is ready")
    func readyOnlyWhenStarted() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await Fixtures.seed(database)
            try await APITest.issueToken(APITest.token, grants: APITest.defaultGrants, on: database)
            let gate = StartGate()
            let router = try await OrderFlowServer.buildRouter(
                config: APITest.config, database: database, environment: .at(Fixtures.tickingClock()),
                logger: TestDatabase.logger, metrics: ServerMetrics(), starting: gate)
            try await Application(router: router, logger: TestDatabase.logger).test(.router) { client in
                let health = try await client.execute(uri: "/health", method: .get)
                #expect(health.status == .ok)
                let starting = try await client.execute(uri: "/ready", method: .get)
                #expect(starting.status == .serviceUnavailable)
                let api = try await client.execute(
                    uri: "/api/v1/orders", method: .get, headers: [.acceptLanguage: "en"])
                #expect(api.status == .serviceUnavailable && api.headers[.retryAfter] == "2")
                let problem = try JSONSerialization.jsonObject(with: Data(api.body.readableBytesView)) as? [String: Any]
                #expect(problem?["code"] as? String == "server.starting")
                let page = try await client.execute(uri: "/console", method: .get, headers: [.acceptLanguage: "zh-CN"])
                #expect(page.status == .serviceUnavailable)
                #expect(String(buffer: page.body).contains("正在启动"))
                gate.open()
                let ready = try await client.execute(uri: "/ready", method: .get)
                #expect(ready.status == .ok)
                let after = try await client.execute(uri: "/api/v1/orders", method: .get, headers: APITest.auth)
                #expect(after.status == .ok)
            }
        }
    }

    @Test("B7 a JSON log line carries the level, the message, the metadata and the running request's id")
    func jsonLogLines() throws {
        let collected = Collected()
        var handler = JSONLogHandler(label: "orderflow", metadataProvider: ServerLogging.requestMetadata) { line in
            collected.lines.withLock { $0.append(line) }
        }
        handler[metadataKey: "instance"] = "a"
        let configured = handler
        let logger = Logger(label: "orderflow") { _ in configured }
        RequestScope.$requestID.withValue("req-12345678") {
            logger.warning("Order \"late\"\nagain", metadata: ["order": "SH01-1"])
        }
        logger.info("outside")
        let written = collected.lines.withLock { $0 }
        #expect(
            written.count == 2 && written.allSatisfy { $0.hasSuffix("\n") && $0.dropLast().contains("\n") == false })
        let first = try #require(
            try JSONSerialization.jsonObject(with: Data(written[0].utf8)) as? [String: Any])
        #expect(first["level"] as? String == "warning")
        #expect(first["message"] as? String == "Order \"late\"\nagain")
        #expect(first["order"] as? String == "SH01-1" && first["instance"] as? String == "a")
        #expect(first["request_id"] as? String == "req-12345678")
        #expect((first["time"] as? String)?.hasSuffix("Z") == true)
        let second = try #require(
            try JSONSerialization.jsonObject(with: Data(written[1].utf8)) as? [String: Any])
        #expect(second["request_id"] == nil)
    }
}

/// Log lines a test handler wrote.
private final class Collected: Sendable {
    let lines = Mutex<[String]>([])
}

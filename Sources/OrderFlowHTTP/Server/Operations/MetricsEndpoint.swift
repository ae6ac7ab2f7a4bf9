import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import Prometheus
import Synchronization

/// `/metrics` in the Prometheus text format (B7). What this instance
/// measures comes through swift-metrics (requests, transactions, the
/// SQLite writer, jobs, alert latency); what all instances share (the
/// outbox, dead letters, open orders by stage, jobs' lag) is read from the
/// database when scraped, at most every few seconds.
///
/// Who may scrape: with `ORDERFLOW_METRICS_TOKEN` set, whoever sends it as a
/// bearer token; without it, this machine only (a loopback client).
struct MetricsEndpoint: Sendable {
    let registry: PrometheusCollectorRegistry
    let database: any OrderFlowDatabase
    let environment: AppEnvironment
    let token: String?
    let trustForwardedFor: Bool
    let logger: Logger
    private let lastRead = LastRead()
    static let freshFor: Duration = .seconds(5)

    init(
        registry: PrometheusCollectorRegistry, database: any OrderFlowDatabase, environment: AppEnvironment,
        token: String?, trustForwardedFor: Bool, logger: Logger
    ) {
        self.registry = registry
        self.database = database
        self.environment = environment
        self.token = token
        self.trustForwardedFor = trustForwardedFor
        self.logger = logger
    }

    func register(on router: Router<OrderFlowRequestContext>) {
        router.get("/metrics") { request, context in
            switch allowed(request, context) {
            case .some(let refusal): return refusal
            case .none:
                await readSharedFigures()
                return Response(
                    status: .ok,
                    headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                    body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
            }
        }
    }

    /// nil when the caller may scrape; otherwise the refusal.
    func allowed(_ request: Request, _ context: OrderFlowRequestContext) -> Response? {
        if let token {
            let sent = request.headers[.authorization].flatMap { header -> String? in
                header.lowercased().hasPrefix("bearer ") ? String(header.dropFirst(7)) : nil
            }
            guard let sent, SessionCookie.constantTimeEquals(sent, token) else {
                return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Bearer realm=\"metrics\""])
            }
            return nil
        }
        let address = context.clientAddress(of: request, trustingForwardedFor: trustForwardedFor)
        return Self.isLoopback(address) ? nil : Response(status: .forbidden)
    }

    static func isLoopback(_ address: String) -> Bool {
        address == "::1" || address.hasPrefix("127.") || address.hasPrefix("::ffff:127.")
    }

    /// The shared figures, unless read less than `freshFor` ago. A database
    /// that cannot answer (still migrating, unreachable) leaves the last values
    /// and says so in `orderflow_shared_figures_ok`.
    func readSharedFigures() async {
        let due = lastRead.instant.withLock { last in
            let now = ContinuousClock.now
            guard last.map({ now - $0 >= Self.freshFor }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        let ok = gauge("shared_figures_ok", "1 when the shared figures could be read from the database")
        do {
            let figures = try await database.read { try await OperationsRecords.figures(on: $0) }
            publish(figures, now: environment.now())
            ok.set(Int64(1))
        } catch {
            logger.debug("Shared figures could not be read", metadata: ["error": "\(error)"])
            ok.set(Int64(0))
        }
    }

    func publish(_ figures: OperationsFigures, now: Date) {
        gauge("outbox_waiting", "Order events not yet turned into notifications").set(Int64(figures.outboxWaiting))
        gauge("notifications_pending", "Notifications waiting for their next attempt")
            .set(Int64(figures.deliveriesPending))
        gauge("notifications_dead_letters", "Notifications that failed every attempt").set(Int64(figures.deadLetters))
        for stage in TrackingStage.allCases {
            gauge("open_orders", "Orders whose running stage has a clock, by stage", [("stage", stage.rawValue)])
                .set(Int64(figures.openOrdersByStage[stage.rawValue] ?? 0))
        }
        for job in figures.jobs {
            // How long a job is overdue and not running: a stuck runner shows here on every instance.
            let lag = job.leaseUntil == nil ? max(0, now.timeIntervalSince(job.dueAt)) : 0
            gauge("job_lag_seconds", "How long a background job is overdue and not running", [("job", job.name)])
                .set(lag)
        }
    }

    /// `orderflow_<name>` with its help line (the same help for every label set, as Prometheus requires).
    private func gauge(_ name: String, _ help: String, _ labels: [(String, String)] = []) -> Prometheus.Gauge {
        let descriptor = MetricNameDescriptor(namespace: "orderflow", metricName: name, unitName: "", helpText: help)
        return labels.isEmpty
            ? registry.makeGauge(descriptor: descriptor) : registry.makeGauge(descriptor: descriptor, labels: labels)
    }
}

/// When the shared figures were last read, shared by every copy of the endpoint.
private final class LastRead: Sendable {
    let instant = Mutex<ContinuousClock.Instant?>(nil)
}

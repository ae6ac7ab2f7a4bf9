import Metrics
import Prometheus

/// Where the server's metrics go: one Prometheus registry, fed by
/// swift-metrics, served at `/metrics`. `bootstrap()` makes it the
/// process's metrics backend (once, at `serve`); a server built without it
/// (the in-process tests) gets a registry of its own with only the shared
/// figures.
public struct ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry

    public init() { registry = PrometheusCollectorRegistry() }

    /// The names and label names operators read; Hummingbird's request
    /// metrics carry OpenTelemetry-style names that Prometheus would mangle.
    static let names: [String: String] = [
        "hb.requests": "orderflow_http_requests_total",
        "hb.request.errors": "orderflow_http_request_errors_total",
        "http.server.request.duration": "orderflow_http_request_duration_seconds",
        "http.server.active_requests": "orderflow_http_active_requests",
    ]
    static let labels: [String: String] = [
        "http.route": "route", "http.request.method": "method", "http.response.status_code": "status",
    ]

    /// Makes this registry the process's swift-metrics backend. Call once.
    public static func bootstrap() -> ServerMetrics {
        let metrics = ServerMetrics()
        var factory = PrometheusMetricsFactory(registry: metrics.registry)
        factory.nameAndLabelSanitizer = { name, labels in
            (names[name] ?? name, labels.map { (Self.labels[$0.0] ?? $0.0, $0.1) })
        }
        // Requests and transactions are mostly milliseconds; group commits hold 1 to 64 writes.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        factory.valueHistogramBuckets["orderflow_sqlite_commit_batch_size"] = [1, 2, 4, 8, 16, 32, 64]
        MetricsSystem.bootstrap(factory)
        return metrics
    }
}

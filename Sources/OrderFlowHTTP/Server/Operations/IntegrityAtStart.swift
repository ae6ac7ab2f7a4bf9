import Logging
import Metrics
import OrderFlowApp
import OrderFlowStore
import ServiceLifecycle

/// Verifies every event chain and the audit log once the server is ready
/// (B7): a database changed behind OrderFlow's back, or restored from a
/// plain copy that missed its WAL, is reported at `critical` and in
/// `orderflow_integrity_broken_chains`, instead of being served in silence.
/// It runs beside the traffic, a page of orders per read, so a large
/// database does not delay the start; `ORDERFLOW_VERIFY_AT_START=0` turns it off.
struct IntegrityAtStart: Service {
    let database: any OrderFlowDatabase
    let logger: Logger

    func run() async throws {
        let broken = Gauge(label: "orderflow_integrity_broken_chains")
        do {
            let report = try await cancelWhenGracefulShutdown {
                try await IntegrityCheck(database: database).runAndReport(logger: logger)
            }
            broken.record(report.brokenChains.count + (report.auditBrokenAt == nil ? 0 : 1))
        } catch is CancellationError {
            return
        } catch {
            guard !Task.isShuttingDownGracefully else { return }
            logger.error("The integrity check could not run", metadata: ["error": "\(String(reflecting: error))"])
        }
        try? await gracefulShutdown()
    }
}

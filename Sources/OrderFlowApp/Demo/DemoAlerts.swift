import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore

/// The demo's alerts: the monitor looks at the fortnight once, and each
/// store manager has already taken on the alerts of earlier days, so the
/// console opens on today's few rather than on two weeks of history.
enum DemoAlerts {
    static func settle(
        database: any OrderFlowDatabase, now: Date, staff: [String: StaffMember], logger: Logger
    ) async throws {
        let environment = AppEnvironment.at { now }
        try await DeadlineMonitor(database: database, environment: environment, logger: logger).scan()
        let tracking = TrackingService(database: database, environment: environment, logger: logger)
        let startOfToday = now.addingTimeInterval(-12 * 3600)
        for store in DemoCatalog.stores {
            guard let manager = staff["\(store.code.prefix(2).lowercased()).manager"].map(Caller.staff) else {
                continue
            }
            for alert in try await tracking.alerts(days: 30, by: manager)
            where alert.storeCode == store.code && alert.dueAt < startOfToday {
                _ = try await tracking.acknowledgeAlert(alert.id, by: manager)
            }
        }
    }
}

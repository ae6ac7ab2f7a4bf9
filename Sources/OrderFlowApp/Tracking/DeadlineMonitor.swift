import Foundation
import Logging
import Metrics
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// The deadline monitor (R4.4, R4.5): a job of the background runner that looks at
/// every order whose stage clock changed or falls due, raises the early
/// warning, the overdue alert and the escalation each exactly once, and
/// works out when to look again.
///
/// Exactly once, across restarts and instances: an order is checked inside
/// one transaction that writes its alerts and its next check together, so a
/// monitor killed mid-scan leaves the order due and the next scan redoes
/// it; on PostgreSQL the order's watch row stays locked (`SKIP LOCKED`) so
/// a second instance checks other orders; and the alerts' unique key
/// refuses a second copy whatever happens.
public struct DeadlineMonitor: Sendable {
    let database: any OrderFlowDatabase
    let environment: AppEnvironment
    let logger: Logger
    /// How long after a scan the next is due.
    public var interval: Duration
    /// Orders checked per transaction.
    public var batchSize: Int
    /// Called after each order a scan checks, inside its transaction: the
    /// tests' way to crash a scan half-way.
    var afterEachOrder: (@Sendable (Int) throws -> Void)?

    public init(
        database: any OrderFlowDatabase, environment: AppEnvironment = .live, logger: Logger,
        interval: Duration = .seconds(1), batchSize: Int = 200
    ) {
        self.database = database
        self.environment = environment
        self.logger = logger
        self.interval = interval
        self.batchSize = batchSize
    }

    /// What one scan did.
    public struct ScanOutcome: Sendable {
        public var checked: Int = 0
        public var raised: [StageAlert] = []
    }

    /// The runner's job (`JobRunner`): a scan of the stage clocks, then the
    /// acceptance periods that ran out (R5.3).
    public func job() -> BackgroundJob {
        BackgroundJob(name: "stage-deadlines", interval: interval) {
            _ = try await scan()
            try await AcceptanceLapses.handle(database: database, environment: environment, logger: logger)
        }
    }

    /// The claims' time limits (R6.4): hours long, so a look a minute is enough.
    public func claimsJob() -> BackgroundJob {
        BackgroundJob(name: "claim-deadlines", interval: .seconds(60)) {
            try await ClaimDeadlines.handle(database: database, environment: environment, logger: logger)
        }
    }

    /// Checks everything due now, one batch per transaction, until nothing is left.
    @discardableResult
    public func scan() async throws -> ScanOutcome {
        var outcome = ScanOutcome()
        while true {
            let now = environment.now()
            // Most scans find nothing: one indexed read, no write transaction.
            guard try await database.read({ try await StageWatchRecords.anyDue(by: now, on: $0) }) else { break }
            let batch = try await database.write { db in try await checkBatch(now: now, on: db) }
            outcome.checked += batch.checked
            outcome.raised += batch.raised
            if batch.checked < batchSize { break }
        }
        for alert in outcome.raised {
            let latency = alert.raisedAt.timeIntervalSince(alert.dueAt)
            Metrics.Timer(label: "orderflow_alert_latency_seconds", dimensions: [("kind", alert.kind.rawValue)])
                .recordSeconds(max(0, latency))
            logger.notice(
                "Stage alert raised",
                metadata: [
                    "order": "\(alert.orderNumber)", "stage": "\(alert.stage.rawValue)",
                    "kind": "\(alert.kind.rawValue)",
                    "latencyMs": "\(alert.raisedAt.epochMilliseconds - alert.dueAt.epochMilliseconds)",
                ])
        }
        return outcome
    }

    func checkBatch(now: Date, on db: any SQLDatabase) async throws -> ScanOutcome {
        let due = try await StageWatchRecords.due(by: now, limit: batchSize, engine: database.engine, on: db)
        guard !due.isEmpty else { return ScanOutcome() }
        let policy = try await TimeLimitRecords.policy(on: db)
        var stores: [String: Store] = [:]
        var outcome = ScanOutcome()
        for orderID in due {
            outcome.raised += try await check(orderID, now: now, policy: policy, stores: &stores, on: db)
            outcome.checked += 1
            try afterEachOrder?(outcome.checked)
        }
        return outcome
    }

    /// Checks one order: its alerts now, and its next check.
    func check(
        _ orderID: UUID, now: Date, policy: TimeLimitPolicy, stores: inout [String: Store], on db: any SQLDatabase
    ) async throws -> [StageAlert] {
        guard let order = try await OrderRecords.find(id: orderID, on: db) else {
            try await StageWatchRecords.remove(orderID: orderID, on: db)
            return []
        }
        if stores[order.storeCode] == nil {
            stores[order.storeCode] = try await StoreRecords.find(code: order.storeCode, on: db)
        }
        let events = try await EventLog.events(of: orderID, on: db)
        guard let store = stores[order.storeCode], let current = StageStatus.runningStage(events) else {
            // Closed, cancelled, or between stages with limits: nothing to chase.
            try await StageAlertRecords.resolve(orderID: orderID, except: nil, at: now, on: db)
            try await StageWatchRecords.remove(orderID: orderID, on: db)
            return []
        }
        try await StageAlertRecords.resolve(
            orderID: orderID, except: (current.stage, current.since), at: now, on: db)
        let existing = try await StageAlertRecords.forStageRun(
            orderID: orderID, stage: current.stage, since: current.since, on: db)
        let calendar = BusinessCalendar(store)
        let clock = StageClock(running: current, of: order, policy: policy, in: calendar)
        let verdict = DeadlineRule.check(
            clock, policy: policy, calendar: calendar, now: now, raised: Set(existing.map(\.kind)),
            overdueAcknowledged: existing.contains { $0.kind == .overdue && $0.acknowledgedAt != nil })
        var raised: [StageAlert] = []
        if let deadline = verdict.deadline, !verdict.raise.isEmpty {
            let technicians = try await AssignmentRecords.find(orderID: orderID, on: db)?.assignment.technicianIDs ?? []
            for kind in AlertKind.allCases {
                guard let dueAt = verdict.raise[kind] else { continue }
                let alert = StageAlert(
                    id: environment.newID(), orderID: orderID, orderNumber: order.number, storeCode: order.storeCode,
                    stage: current.stage, stageSince: current.since, kind: kind, deadline: deadline, dueAt: dueAt,
                    raisedAt: now,
                    audience: AlertAudience.responsible(for: current.stage, kind: kind, technicians: technicians))
                if try await StageAlertRecords.insertIfNew(alert, on: db) { raised.append(alert) }
            }
        }
        try await StageWatchRecords.schedule(
            orderID: orderID, nextCheck: verdict.nextCheck, stage: current.stage, deadline: verdict.deadline, at: now,
            on: db)
        return raised
    }
}

extension DeadlineMonitor {
    /// A new order's place on the watch, counted at intake as the monitor
    /// would count it on its next turn (nothing is raised yet, no alert
    /// exists): its running stage, deadline and first check, counted with
    /// the limits and calendar of `referenceVersion`. An order whose first
    /// alert is already due goes to the monitor at once.
    static func firstWatch(
        of order: Order, events: [StoredOrderEvent], store: Store, policy: TimeLimitPolicy, referenceVersion: Int64,
        engine: DatabaseEngine, now: Date
    ) -> NewOrderWatch {
        // Intake's events carry no contact and no pause, so their types and
        // instants say it all: their payloads need no decoding (that was a
        // twentieth of the server's time under intake load).
        let entries = events.compactMap { event in
            OrderEventType(rawValue: event.type).map { StageTimeline.Entry(type: $0, at: event.occurredAt) }
        }
        guard let current = StageTimeline.current(after: entries) else { return .notWatched }
        let calendar = BusinessCalendar(store)
        let clock = StageClock(running: current, of: order, policy: policy, in: calendar)
        let verdict = DeadlineRule.check(
            clock, policy: policy, calendar: calendar, now: now, raised: [], overdueAcknowledged: false)
        guard verdict.raise.isEmpty else { return .checkNow }
        return .scheduled(
            nextCheck: verdict.nextCheck, stage: current.stage, deadline: verdict.deadline,
            counted: .init(referenceVersion: referenceVersion, engine: engine))
    }
}

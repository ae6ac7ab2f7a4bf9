import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// Tracking (订单跟踪, §4 of the procedure): the time limits of every stage
/// and where each order stands against them. This first part holds the
/// policy; the deadline monitor and alerts build on it.
public struct TrackingService: Sendable {
    let database: any OrderFlowDatabase
    let environment: AppEnvironment
    let logger: Logger

    public init(database: any OrderFlowDatabase, environment: AppEnvironment = .live, logger: Logger) {
        self.database = database
        self.environment = environment
        self.logger = logger
    }

    public func timeLimits(by caller: Caller) async throws -> TimeLimitPolicy {
        try caller.require(.readTimeLimits)
        return try await database.read { try await TimeLimitRecords.policy(on: $0) }
    }

    /// Administrators set the limits (R4.4); audited with the whole policy.
    public func updateTimeLimits(_ policy: TimeLimitPolicy, by caller: Caller) async throws -> TimeLimitPolicy {
        try caller.require(.manageTimeLimits)
        let problems = policy.problems
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let now = environment.now()
        let detail = try JSONCoding.canonicalString(policy)
        try await database.write { db in
            try await TimeLimitRecords.save(policy, at: now, on: db)
            try await AuditLog.append(
                actor: caller.actor, action: "tracking.timeLimitsChanged", outcome: .succeeded, detailJSON: detail,
                at: now, on: db)
        }
        return policy
    }

    /// Where an order stands against the limits now (R4.1): for pages that
    /// already hold its timeline.
    public func status(of order: Order, timeline: [TimelineEntry], store: Store?) async throws -> StageStatus? {
        let policy = try await database.read { try await TimeLimitRecords.policy(on: $0) }
        return StageStatus.of(order, timeline: timeline, store: store, policy: policy, now: environment.now())
    }
}

import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// A whole day's queue planned at once (R3.1–R3.3).
public struct DayPlanOutcome: Sendable {
    public struct Placed: Hashable, Sendable {
        public var orderNumber: String
        public var orderID: UUID
        public var assignment: Assignment
    }

    public struct Waiting: Hashable, Sendable {
        public var orderNumber: String
        public var orderID: UUID
        /// Which constraints stopped it, with how many technicians each stopped.
        public var reason: LocalizedText
    }

    public var placed: [Placed]
    public var waiting: [Waiting]
    public var totalCost: Double
    /// Whether the plan was saved, or only shown.
    public var applied: Bool
}

extension DispatchService {
    /// Plans every waiting order of a store's day. With `apply`, the plan is
    /// made and saved in one transaction against the latest state of the day
    /// (a concurrent change makes it a 409, never a half-saved plan).
    public func planDay(storeCode: String, day: LocalDate, apply: Bool, by caller: Caller) async throws
        -> DayPlanOutcome
    {
        try caller.require(apply ? .assignOrder : .readDispatchBoard, storeCode: storeCode)
        let now = environment.now()
        let engine = database.engine
        let service = self
        let work: @Sendable (any SQLDatabase) async throws -> DayPlanOutcome = { db in
            let (store, catalog) = try await service.store(storeCode, on: db)
            guard let (start, end) = Self.range(of: day, in: store) else { throw Self.badDay }
            if apply {
                try await AssignmentRecords.lockTechnicians(
                    try await Self.technicianIDs(of: store, on: db), engine: engine, on: db)
            }
            let orders = try await OrderRecords.day(
                store.code, from: start, before: end, statuses: Self.queueStatuses, on: db)
            let previous = try await OrderRecords.previousTechnicians(
                phones: Set(orders.map(\.customer.phone)), before: start, on: db)
            let jobs = orders.map {
                DispatchJob.of($0, catalog: catalog, previousTechnician: previous[$0.customer.phone])
            }
            let roster = try await Self.roster(store: store, day: day, on: db)
            let (settings, _) = try await DispatchSettingsRecords.find(storeCode: store.code, on: db)
            let plan = DispatchSolver.assignDay(
                jobs, technicians: roster.individuals, settings: settings.rules, weights: settings.weights)
            var placed: [DayPlanOutcome.Placed] = []
            var waiting: [DayPlanOutcome.Waiting] = []
            let byID = Dictionary(uniqueKeysWithValues: orders.map { ($0.id, $0) })
            for decision in plan.decisions {
                guard let chosen = decision.chosen else {
                    waiting.append(
                        DayPlanOutcome.Waiting(
                            orderNumber: decision.job.number, orderID: decision.job.orderID,
                            reason: DispatchExplanation.unplaceable(decision)))
                    continue
                }
                let assignment = Assignment(
                    orderID: decision.job.orderID, orderNumber: decision.job.number, storeCode: store.code,
                    technicianIDs: [chosen.staffID], team: nil, start: chosen.start,
                    end: chosen.start.addingTimeInterval(decision.job.duration), onSite: decision.job.onSite,
                    mode: .automatic, reason: nil, score: chosen.score,
                    runnersUp: DispatchExplanation.runnersUp(decision), assignedBy: caller.actor.description,
                    assignedAt: now)
                placed.append(
                    DayPlanOutcome.Placed(
                        orderNumber: decision.job.number, orderID: decision.job.orderID, assignment: assignment))
                if apply, let order = byID[decision.job.orderID] {
                    _ = try await Self.record(
                        assignment, on: order, replacing: nil, reason: nil, at: now, by: caller, on: db)
                }
            }
            return DayPlanOutcome(
                placed: placed.sorted { $0.assignment.start < $1.assignment.start }, waiting: waiting,
                totalCost: plan.totalCost, applied: apply)
        }
        do {
            let outcome = apply ? try await database.write(work) : try await database.read(work)
            if apply {
                logger.info(
                    "day planned",
                    metadata: [
                        "store": .string(storeCode), "placed": .stringConvertible(outcome.placed.count),
                        "waiting": .stringConvertible(outcome.waiting.count),
                    ])
            }
            return outcome
        } catch StoreError.staleVersion {
            throw AppError.concurrentChange
        }
    }
}

import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// A store's day as the dispatcher sees it (B2): one lane per technician
/// with their jobs in time, and the queue in priority order beside it.
public struct DispatchBoard: Sendable {
    public struct Job: Hashable, Sendable {
        public var order: ShownOrder
        public var assignment: Assignment
        public var checkedInAt: Date?
        public var checkedOutAt: Date?
        /// The running stage's clock (contact, arrival, service …, R4.4).
        public var stage: StageStatus?
    }

    public struct Lane: Hashable, Sendable {
        public var staffID: UUID
        public var displayName: String
        public var username: String
        public var shift: AppointmentWindow?
        public var teams: [String]
        public var skills: [String]
        public var jobs: [Job]
        public var bookedMinutes: Int
    }

    /// A job waiting for a technician, at its place in the queue (R3.3).
    public struct Queued: Hashable, Sendable {
        public var order: ShownOrder
        public var job: DispatchJob
        public var rank: Int
        public var reasons: [LocalizedText]
        /// Who the one-order mode would choose now, or why nobody can take it.
        public var suggestion: DispatchSolver.Candidate?
        public var unplaceable: LocalizedText?
        /// The dispatch stage's clock (R4.4): since when it waits, and its deadline.
        public var stage: StageStatus?
    }

    public var store: Store
    public var day: LocalDate
    public var lanes: [Lane]
    public var queue: [Queued]
    public var teams: [String]
    /// Changes whenever anything on the day changes: the live board polls it.
    public var stamp: String
}

extension DispatchService {
    public func board(storeCode: String, day: LocalDate, by caller: Caller) async throws -> DispatchBoard {
        try caller.require(.readDispatchBoard, storeCode: storeCode)
        let now = environment.now()
        let service = self
        return try await database.read { db in
            let (store, catalog) = try await service.store(storeCode, on: db)
            guard let (start, end) = Self.range(of: day, in: store) else { throw Self.badDay }
            let stamp = try await AssignmentRecords.dayStamp(store.code, from: start, before: end, on: db)
            let orders = try await OrderRecords.day(
                store.code, from: start, before: end, statuses: Self.queueStatuses, on: db)
            let assigned = try await AssignmentRecords.forStore(store.code, from: start, before: end, on: db)
            let assignedOrders = Dictionary(
                uniqueKeysWithValues: try await OrderRecords.find(ids: assigned.map(\.assignment.orderID), on: db).map {
                    ($0.id, $0)
                })
            let roster = try await Self.roster(store: store, day: day, on: db)
            let previous = try await OrderRecords.previousTechnicians(
                phones: Set(orders.map(\.customer.phone)), before: start, on: db)
            let jobs = orders.map {
                DispatchJob.of($0, catalog: catalog, previousTechnician: previous[$0.customer.phone])
            }
            let byID = Dictionary(uniqueKeysWithValues: orders.map { ($0.id, $0) })
            let (settings, _) = try await DispatchSettingsRecords.find(storeCode: store.code, on: db)
            var queue = DispatchPriority.ranked(jobs).enumerated().compactMap { index, ranked in
                byID[ranked.job.orderID].map {
                    let decision = DispatchSolver.assignOne(
                        ranked.job, technicians: roster.individuals, settings: settings.rules,
                        weights: settings.weights)
                    return DispatchBoard.Queued(
                        order: .make($0, for: caller, at: now), job: ranked.job, rank: index + 1,
                        reasons: ranked.reasons, suggestion: decision.chosen,
                        unplaceable: decision.chosen == nil ? DispatchExplanation.unplaceable(decision) : nil)
                }
            }
            let events = try await EventLog.events(ofOrders: orders.map(\.id) + Array(assignedOrders.keys), on: db)
            let policy = try await TimeLimitRecords.policy(on: db)
            for index in queue.indices {
                let order = queue[index].order.order
                queue[index].stage = StageStatus.of(
                    order, timeline: (events[order.id] ?? []).compactMap(TimelineEntry.of), store: store,
                    policy: policy,
                    now: now)
            }
            let lanes = roster.members.map { member in
                let day = roster.days[member.id]
                let jobs = assigned.filter { $0.assignment.technicianIDs.contains(member.id) }.compactMap { stored in
                    assignedOrders[stored.assignment.orderID].map {
                        DispatchBoard.Job(
                            order: .make($0, for: caller, at: now), assignment: stored.assignment,
                            checkedInAt: stored.checkedInAt, checkedOutAt: stored.checkedOutAt,
                            stage: StageStatus.of(
                                $0, timeline: (events[$0.id] ?? []).compactMap(TimelineEntry.of), store: store,
                                policy: policy, now: now))
                    }
                }
                return DispatchBoard.Lane(
                    staffID: member.id, displayName: member.displayName, username: member.username,
                    shift: day?.shift, teams: day?.teams ?? [], skills: (day?.skills.keys).map { $0.sorted() } ?? [],
                    jobs: jobs,
                    bookedMinutes: jobs.reduce(0) {
                        $0 + Int($1.assignment.end.timeIntervalSince($1.assignment.start) / 60)
                    })
            }
            return DispatchBoard(
                store: store, day: day, lanes: lanes, queue: queue, teams: roster.teams.keys.sorted(), stamp: stamp)
        }
    }

    /// The board's change stamp alone: cheap enough to poll every few seconds.
    public func boardStamp(storeCode: String, day: LocalDate, by caller: Caller) async throws -> String {
        try caller.require(.readDispatchBoard, storeCode: storeCode)
        let service = self
        return try await database.read { db in
            let (store, _) = try await service.store(storeCode, on: db)
            guard let (start, end) = Self.range(of: day, in: store) else { throw Self.badDay }
            return try await AssignmentRecords.dayStamp(store.code, from: start, before: end, on: db)
        }
    }

    /// One-order mode without saving: who would get it and why, and why the
    /// others would not (R3.2).
    public func suggestion(_ reference: String, by caller: Caller) async throws -> DispatchSolver.Decision {
        try caller.require(.readDispatchBoard)
        let service = self
        return try await database.read { db in
            let order = try await OrderLookup.visible(reference, for: .readDispatchBoard, by: caller, on: db)
            let (store, catalog) = try await service.store(order.storeCode, on: db)
            let job = try await Self.job(of: order, catalog: catalog, on: db)
            let roster = try await Self.roster(
                store: store, day: store.localDate(of: order.appointment.start), excluding: order.id, on: db)
            let (settings, _) = try await DispatchSettingsRecords.find(storeCode: store.code, on: db)
            return DispatchSolver.assignOne(
                job, technicians: roster.individuals, settings: settings.rules, weights: settings.weights)
        }
    }

    static let badDay = AppError.invalid([
        FieldProblem(
            field: "day", code: "day.invalid",
            message: LocalizedText(zhHans: "日期无效，格式为 2026-11-29", en: "Not a valid day; use 2026-11-29"))
    ])
}

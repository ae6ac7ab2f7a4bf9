import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// What a dispatcher asks for: the best technician now, or a named
/// technician or team, at a start they choose or the earliest that fits.
public struct AssignmentRequest: Hashable, Sendable {
    public enum Target: Hashable, Sendable {
        case automatic
        case technician(UUID)
        case team(String)
    }

    public var target: Target
    public var start: Date?
    public var reason: String?
    public var overrideReason: String?
    /// Replace the current assignment; without it an assigned order is a 409,
    /// so two dispatchers assigning at once cannot both win.
    public var reassign: Bool

    public init(
        target: Target, start: Date? = nil, reason: String? = nil, overrideReason: String? = nil,
        reassign: Bool = false
    ) {
        self.target = target
        self.start = start
        self.reason = reason
        self.overrideReason = overrideReason
        self.reassign = reassign
    }
}

/// An order with its (new) assignment.
public struct AssignedOrder: Hashable, Sendable {
    public var order: ShownOrder
    public var assignment: Assignment?
}

extension DispatchService {
    /// Assigns or reassigns one order (R3.1–R3.3). Hard constraints are
    /// checked in the same transaction that saves, with the technicians'
    /// rows locked on PostgreSQL, so a concurrent booking cannot slip in.
    public func assign(_ reference: String, _ request: AssignmentRequest, ifMatch version: Int?, by caller: Caller)
        async throws -> AssignedOrder
    {
        try caller.require(.assignOrder)
        let reason = try Self.reasonText(request.reason, field: "reason", required: request.target != .automatic)
        let overrideReason = try Self.reasonText(request.overrideReason, field: "overrideReason", required: false)
        let now = environment.now()
        let engine = database.engine
        let service = self
        do {
            let (saved, assignment) = try await database.write { db in
                let order = try await OrderLookup.visible(reference, for: .assignOrder, by: caller, on: db)
                if let version, version != order.version {
                    throw AppError.versionMismatch(current: order.version, record: .order)
                }
                let current = try await AssignmentRecords.find(orderID: order.id, on: db)
                try Self.checkAssignable(order, current: current, reassign: request.reassign)
                let (store, catalog) = try await service.store(order.storeCode, on: db)
                let day = store.localDate(of: order.appointment.start)
                let job = try await Self.job(of: order, catalog: catalog, on: db)
                let staffIDs = try await Self.technicianIDs(of: store, on: db)
                try await AssignmentRecords.lockTechnicians(staffIDs, engine: engine, on: db)
                let roster = try await Self.roster(store: store, day: day, excluding: order.id, on: db)
                let (settings, _) = try await DispatchSettingsRecords.find(storeCode: store.code, on: db)
                var assignment = try Self.choose(
                    job, request, roster: roster, settings: settings, reason: reason, overrideReason: overrideReason,
                    by: caller, at: now)
                if current != nil && request.target == .automatic { assignment.reason = reason }
                let saved = try await Self.record(
                    assignment, on: order, replacing: current?.assignment, reason: reason, at: now, by: caller, on: db)
                return (saved, assignment)
            }
            logger.info(
                "order assigned",
                metadata: [
                    "order": .string(saved.number), "mode": .string(assignment.mode.rawValue),
                    "technicians": .stringConvertible(assignment.technicianIDs.count),
                ])
            return AssignedOrder(order: .make(saved, for: caller, at: now), assignment: assignment)
        } catch StoreError.staleVersion {
            throw AppError.concurrentChange
        }
    }

    /// Takes an order off the technician's day and back to the queue, with a reason.
    public func unassign(_ reference: String, reason: String?, ifMatch version: Int?, by caller: Caller) async throws
        -> AssignedOrder
    {
        try caller.require(.assignOrder)
        let reason = try Self.reasonText(reason, field: "reason", required: true)
        let now = environment.now()
        do {
            let saved = try await database.write { db in
                let order = try await OrderLookup.visible(reference, for: .assignOrder, by: caller, on: db)
                if let version, version != order.version {
                    throw AppError.versionMismatch(current: order.version, record: .order)
                }
                guard let current = try await AssignmentRecords.find(orderID: order.id, on: db),
                    order.status == .assigned || order.status == .preparing
                else { throw Self.notReassignable(order) }
                try await AssignmentRecords.remove(orderID: order.id, on: db)
                let payload = OrderEventPayload(
                    fromStatus: order.status, toStatus: .confirmed, reason: reason,
                    previousTechnicians: current.assignment.technicianIDs)
                return try await OrderChange.commit(
                    order, movingTo: .confirmed, events: [.init(.unassigned, payload, by: caller.actor)], at: now,
                    on: db
                ).order
            }
            return AssignedOrder(order: .make(saved, for: caller, at: now), assignment: nil)
        } catch StoreError.staleVersion {
            throw AppError.concurrentChange
        }
    }

    static func checkAssignable(_ order: Order, current: StoredAssignment?, reassign: Bool) throws {
        switch order.status {
        case .confirmed where current == nil: return
        case .assigned, .preparing:
            guard reassign else {
                throw AppError.conflict(
                    code: "dispatch.alreadyAssigned",
                    message: LocalizedText(
                        zhHans: "订单 \(order.number) 已派单；如需改派，请选择改派并说明原因",
                        en: "Order \(order.number) is already assigned; reassign it, with a reason, to change that"))
            }
            guard current?.checkedInAt == nil else { throw notReassignable(order) }
        default: throw notReassignable(order)
        }
    }

    static func notReassignable(_ order: Order) -> AppError {
        AppError.conflict(
            code: "dispatch.notAssignable",
            message: LocalizedText(
                zhHans: "订单当前状态为「\(order.status.label.zhHans)」，不能派单或改派",
                en: "The order is \(order.status.label.en.lowercased()) and cannot be assigned or reassigned"))
    }

    /// Who does the job: the solver's best, or the dispatcher's own choice
    /// checked against the hard constraints, with soft departures justified.
    static func choose(
        _ job: DispatchJob, _ request: AssignmentRequest, roster: Roster, settings: StoreDispatchSettings,
        reason: String?, overrideReason: String?, by caller: Caller, at now: Date
    ) throws -> Assignment {
        func assignment(_ day: TechnicianDay, start: Date, mode: Assignment.Mode) -> Assignment {
            Assignment(
                orderID: job.orderID, orderNumber: job.number, storeCode: job.storeCode, technicianIDs: day.people,
                team: day.members.isEmpty ? nil : day.teams.first, start: start,
                end: start.addingTimeInterval(job.duration), onSite: job.onSite, mode: mode, reason: reason,
                assignedBy: caller.actor.description, assignedAt: now)
        }
        let target: TechnicianDay
        switch request.target {
        case .automatic:
            var candidates = roster.individuals
            var decision = DispatchSolver.assignOne(
                job, technicians: candidates, settings: settings.rules, weights: settings.weights)
            if decision.chosen == nil {
                // Nobody alone: a team whose members together have the skills.
                let teams = roster.teams.keys.sorted().compactMap(roster.team)
                let byTeam = DispatchSolver.assignOne(
                    job, technicians: teams, settings: settings.rules, weights: settings.weights)
                if byTeam.chosen != nil {
                    decision = byTeam
                    candidates = teams
                }
            }
            guard let chosen = decision.chosen else {
                throw AppError.conflict(
                    code: "dispatch.unplaceable", message: DispatchExplanation.unplaceable(decision))
            }
            guard let day = candidates.first(where: { $0.staffID == chosen.staffID }) else {
                throw AppError.concurrentChange
            }
            var made = assignment(day, start: chosen.start, mode: .automatic)
            made.score = chosen.score
            made.runnersUp = DispatchExplanation.runnersUp(decision)
            return made
        case .technician(let id):
            guard let day = roster.days[id] else { throw unknownTechnician(field: "technicianId") }
            target = day
        case .team(let name):
            guard let day = roster.team(name) else { throw unknownTechnician(field: "team") }
            target = day
        }
        guard
            let start = request.start
                ?? (try? DispatchRules.placement(of: job, on: target, settings: settings.rules).get())
                ?? Optional(job.window.start)
        else { throw unknownTechnician(field: "start") }
        let previousIsFree =
            job.previousTechnician.flatMap { roster.days[$0] }.map {
                (try? DispatchRules.placement(of: job, on: $0, settings: settings.rules).get()) != nil
            } ?? false
        switch ManualAssignmentCheck.check(
            job, on: target, at: start, settings: settings.rules, previousIsFree: previousIsFree)
        {
        case .failure(let unplaceable):
            throw AppError.invalid(
                unplaceable.violations.map { violation in
                    FieldProblem(
                        field: violation == .offShift || isOverlap(violation) ? "start" : "technicianId",
                        code: violation.code, message: violation.message)
                })
        case .success(let departures):
            if !departures.isEmpty && overrideReason == nil {
                throw AppError.invalid([
                    FieldProblem(
                        field: "overrideReason", code: "dispatch.overrideReasonRequired",
                        message: LocalizedText(
                            zhHans: "此安排偏离派单原则（"
                                + departures.map(\.message.zhHans).joined(separator: "；") + "），请说明原因",
                            en: "This departs from the dispatch rules ("
                                + departures.map(\.message.en).joined(separator: "; ") + "); give the reason"))
                ])
            }
            var made = assignment(target, start: start, mode: .manual)
            made.departures = departures
            made.overrideReason = departures.isEmpty ? nil : overrideReason
            return made
        }
    }

    private static func isOverlap(_ violation: DispatchViolation) -> Bool {
        if case .overlaps = violation { return true }
        return false
    }

    public static func unknownTechnician(field: String) -> AppError {
        AppError.invalid([
            FieldProblem(
                field: field, code: "dispatch.unknownTechnician",
                message: LocalizedText(
                    zhHans: "该门店当天没有这位服务人员或团队", en: "No such technician or team works for this store"))
        ])
    }

    /// Moves the order to assigned, saves the assignment, and appends its event.
    static func record(
        _ assignment: Assignment, on order: Order, replacing previous: Assignment?, reason: String?, at now: Date,
        by caller: Caller, on db: any SQLDatabase
    ) async throws -> Order {
        try await AssignmentRecords.save(assignment, at: now, on: db)
        let payload = OrderEventPayload(
            fromStatus: order.status, toStatus: .assigned, reason: reason, assignment: assignment,
            previousTechnicians: previous?.technicianIDs)
        return try await OrderChange.commit(
            order, movingTo: order.status == .assigned ? nil : .assigned,
            events: [.init(previous == nil ? .assigned : .reassigned, payload, by: caller.actor)], at: now, on: db
        ).order
    }

    /// The technicians' ids of a store: the rows locked while assigning.
    static func technicianIDs(of store: Store, on db: any SQLDatabase) async throws -> [UUID] {
        try await StaffRecords.active(withRole: .technician, storeCode: store.code, on: db).map(\.id)
    }

    static func reasonText(_ text: String?, field: String, required: Bool) throws -> String? {
        guard let trimmed = text?.trimmedOrNil else {
            guard !required else {
                throw AppError.invalid([
                    FieldProblem(
                        field: field, code: "dispatch.reasonRequired",
                        message: LocalizedText(zhHans: "请说明原因", en: "Give the reason"))
                ])
            }
            return nil
        }
        guard trimmed.count <= TextLimits.reason else {
            throw AppError.invalid([IntakeProblem.tooLong(field, limit: TextLimits.reason)])
        }
        return trimmed
    }
}

import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

extension JobService {
    /// The customer agreed a new time with the technician (R3.4): the order's
    /// appointment becomes that window. The job moves with it when the same
    /// technicians can still do it then (hard constraints as for any
    /// assignment); otherwise it goes back to the dispatch queue, saying why.
    static func reschedule(
        _ order: Order, to window: AppointmentWindow, assignment: Assignment, snapshotCatalog: [String: ServiceItem],
        stores: [String: Store], by caller: Caller, at now: Date, on db: any SQLDatabase
    ) async throws -> Order {
        guard let store = stores[order.storeCode] else { throw AppError.concurrentChange }
        var moved = order
        moved.appointment = window
        moved.updatedAt = now
        let job = DispatchJob.of(moved, catalog: snapshotCatalog)
        let roster = try await DispatchService.roster(
            store: store, day: store.localDate(of: window.start), excluding: order.id, on: db)
        let day =
            assignment.team.flatMap(roster.team) ?? assignment.lead.flatMap { roster.days[$0] }
        let (settings, _) = try await DispatchSettingsRecords.find(storeCode: store.code, on: db)
        if let day, day.people == assignment.technicianIDs,
            case .success(let start) = DispatchRules.placement(of: job, on: day, settings: settings.rules)
        {
            var kept = assignment
            kept.start = start
            kept.end = start.addingTimeInterval(job.duration)
            try await AssignmentRecords.save(kept, at: now, on: db)
            let payload = OrderEventPayload(assignment: kept, appointment: window)
            return try await OrderChange.commit(
                order, as: moved, saving: .appointment, events: [.init(.rescheduled, payload, by: caller.actor)],
                at: now, on: db
            ).order
        }
        do throws(IllegalTransition) { try moved.move(to: .confirmed, at: now) } catch {
            throw AppError.illegalTransition(error)
        }
        try await AssignmentRecords.remove(orderID: order.id, on: db)
        let payload = OrderEventPayload(
            fromStatus: order.status, toStatus: .confirmed,
            reason: "技术人员在约定时间无法上门，订单退回待派 / The technician cannot make the agreed time; back to the queue",
            previousTechnicians: assignment.technicianIDs, appointment: window)
        return try await OrderChange.commit(
            order, as: moved, saving: .appointment, events: [.init(.rescheduled, payload, by: caller.actor)], at: now,
            on: db
        ).order
    }
}

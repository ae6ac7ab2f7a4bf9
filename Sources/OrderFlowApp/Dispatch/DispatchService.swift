import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// Dispatch (任务分配, §3 of the procedure, R3.1–R3.3): a store's day as a
/// board, the queue in priority order, automatic assignment of one order or
/// a whole day, and a dispatcher's own assignments. Every change is one
/// transaction: the order's status and version, its assignment row and an
/// event in its timeline.
public struct DispatchService: AppService {
    public let context: AppContext
    let reference = ReferenceCache()

    public init(context: AppContext) { self.context = context }

    /// Orders waiting for a technician.
    static let queueStatuses: Set<OrderStatus> = [.confirmed]
    /// Orders that hold a place on someone's day.
    static let assignedStatuses: Set<OrderStatus> = [.assigned, .preparing, .inService]

    /// The technicians of one store on one day, as dispatch sees them.
    struct Roster: Sendable {
        var store: Store
        var day: LocalDate
        var members: [StaffMember]
        var days: [UUID: TechnicianDay]
        /// Teams by name, each of the members who work that day for the store.
        var teams: [String: [UUID]]

        var individuals: [TechnicianDay] { members.compactMap { days[$0.id] } }

        func team(_ name: String) -> TechnicianDay? {
            TechnicianDay.team(name, of: (teams[name] ?? []).compactMap { days[$0] })
        }
    }

    /// The store's midnight to midnight of `day`, as instants.
    static func range(of day: LocalDate, in store: Store) -> (start: Date, end: Date)? {
        let calendar = store.calendar
        guard let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)),
            let end = calendar.date(byAdding: .day, value: 1, to: start)
        else { return nil }
        return (start, end)
    }

    /// Monday to Monday around `day`, for the week's load (R3.2).
    static func week(of day: LocalDate, in store: Store) -> (start: Date, end: Date)? {
        guard let (start, _) = range(of: day, in: store) else { return nil }
        let calendar = store.calendar
        let weekday = calendar.component(.weekday, from: start)  // 1 = Sunday
        let back = (weekday + 5) % 7
        guard let monday = calendar.date(byAdding: .day, value: -back, to: start),
            let next = calendar.date(byAdding: .day, value: 7, to: monday)
        else { return nil }
        return (monday, next)
    }

    /// Everyone who works as a technician for `store` on `day`, with their
    /// bookings (leaving out `excluding`, the order being reassigned) and
    /// their load over the rest of the week.
    static func roster(
        store: Store, day: LocalDate, excluding: UUID? = nil, on db: any SQLDatabase
    ) async throws -> Roster {
        let members = try await StaffRecords.active(withRole: .technician, storeCode: store.code, on: db).filter {
            member in member.grants.contains { $0.isValid && $0.role == .technician && $0.scope.covers(store.code) }
        }
        let ids = members.map(\.id)
        guard let (start, end) = range(of: day, in: store), let (weekStart, weekEnd) = week(of: day, in: store) else {
            return Roster(store: store, day: day, members: members, days: [:], teams: [:])
        }
        // A day's jobs may have started the evening before: look back a day.
        let booked = try await AssignmentRecords.forStaff(
            ids, from: start.addingTimeInterval(-86_400), before: end, on: db)
        let week = try await AssignmentRecords.bookedMinutes(ids, from: weekStart, before: weekEnd, on: db)
        var days: [UUID: TechnicianDay] = [:]
        var teams: [String: [UUID]] = [:]
        for member in members {
            let profile =
                try await TechnicianRecords.find(staffID: member.id, on: db) ?? TechnicianProfile(staffID: member.id)
            let bookings = booked.filter { $0.assignment.technicianIDs.contains(member.id) }
                .filter { $0.assignment.orderID != excluding }.map(\.assignment.booking)
            let today = bookings.filter { $0.start >= start }.reduce(0) {
                $0 + Int($1.end.timeIntervalSince($1.start) / 60)
            }
            let day = TechnicianDay.make(
                staffID: member.id, storeCodes: [store.code], profile: profile, day: day, calendar: store.calendar,
                bookings: bookings, weekBookedMinutes: max(0, (week[member.id] ?? 0) - today))
            days[member.id] = day
            for team in profile.teams { teams[team, default: []].append(member.id) }
        }
        return Roster(store: store, day: day, members: members, days: days, teams: teams)
    }

    /// The store of `code`, or 404.
    func store(_ code: String, on db: any SQLDatabase) async throws -> (Store, [String: ServiceItem]) {
        let snapshot = try await reference.current(on: db)
        guard let store = snapshot.stores[code] else {
            throw AppError.notFound(
                LocalizedText(zhHans: "找不到门店 \(code.prefix(20))", en: "No store \(code.prefix(20))"))
        }
        return (store, snapshot.catalog)
    }

    /// The dispatch job of an order, with the technician the customer had last time.
    static func job(of order: Order, catalog: [String: ServiceItem], on db: any SQLDatabase) async throws
        -> DispatchJob
    {
        let previous = try await OrderRecords.previousTechnicians(
            phones: [order.customer.phone], before: order.appointment.start, on: db)
        return DispatchJob.of(order, catalog: catalog, previousTechnician: previous[order.customer.phone])
    }
}

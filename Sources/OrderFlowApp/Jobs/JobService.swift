import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// One job as its technician sees it (R3.4–R3.8, B2): the order, when and
/// with whom, what to prepare, the service standard and safety notes, and
/// everything recorded so far.
public struct JobView: Sendable {
    public var order: ShownOrder
    public var assignment: Assignment
    public var checkedInAt: Date?
    public var checkedOutAt: Date?
    /// The catalog items of the order's lines, with their preparation.
    public var items: [ServiceItem]
    public var sheet: JobSheet
    public var checklistRequiredBeforeCheckIn: Bool
    /// Whether the caller is on this job (and so may record on it).
    public var isOwnJob: Bool
    /// The display names of everyone on the job, the lead first.
    public var technicianNames: [String]
    /// Their names by the actor that records carry (`staff:sh.tech1` → 张师傅).
    public var actorNames: [String: String]

    public var missingTicks: [(item: ServiceItem, entry: ChecklistEntry)] { sheet.missingTicks(of: items) }
}

/// The technician's side of §3 (R3.4–R3.8): their jobs by time, and what
/// they record on each. Every record is an event in the order's
/// hash-chained timeline, saved with a version bump of the order so that
/// two devices recording at once cannot interleave.
public struct JobService: AppService {
    public let context: AppContext
    let reference = ReferenceCache()

    public init(context: AppContext) { self.context = context }

    /// The caller's own jobs starting on `day` (in their stores' time zone), by time.
    public func myJobs(day: LocalDate, by caller: Caller) async throws -> [JobView] {
        try caller.require(.workOnJob)
        guard let staffID = caller.staffID else { return [] }
        let reference = self.reference
        let now = environment.now()
        return try await database.read { db in
            let snapshot = try await reference.current(on: db)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .shanghai
            guard let midnight = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))
            else { return [] }
            // Stores may sit in other time zones: read a wide range, keep the day.
            let stored = try await AssignmentRecords.forStaff(
                [staffID], from: midnight.addingTimeInterval(-86_400), before: midnight.addingTimeInterval(2 * 86_400),
                on: db)
            let orders = Dictionary(
                uniqueKeysWithValues: try await OrderRecords.find(ids: stored.map(\.assignment.orderID), on: db).map {
                    ($0.id, $0)
                })
            var views: [JobView] = []
            for assignment in stored {
                guard let order = orders[assignment.assignment.orderID],
                    let store = snapshot.stores[order.storeCode],
                    store.localDate(of: assignment.assignment.start) == day
                else { continue }
                views.append(
                    try await Self.view(
                        order, assignment, catalog: snapshot.catalog, caller: caller, now: now, on: db))
            }
            return views.sorted { $0.assignment.start < $1.assignment.start }
        }
    }

    /// One job: for its technicians, and for staff who may read the order.
    public func job(_ reference: String, by caller: Caller) async throws -> JobView {
        let cache = self.reference
        let now = environment.now()
        return try await database.read { db in
            let (order, assignment) = try await Self.visibleJob(reference, by: caller, on: db)
            let snapshot = try await cache.current(on: db)
            return try await Self.view(order, assignment, catalog: snapshot.catalog, caller: caller, now: now, on: db)
        }
    }

    /// The order and its assignment if the caller may see them: their own
    /// job, or any job of a store whose orders they read. Otherwise 404.
    static func visibleJob(_ reference: String, by caller: Caller, on db: any SQLDatabase) async throws
        -> (Order, StoredAssignment)
    {
        guard let order = try await OrderLookup.find(reference, on: db),
            let assignment = try await AssignmentRecords.find(orderID: order.id, on: db)
        else { throw AppError.orderNotFound(reference) }
        let own = caller.staffID.map(assignment.assignment.technicianIDs.contains) ?? false
        guard caller.may(.readOrder, storeCode: order.storeCode, ownJob: own) else {
            throw AppError.orderNotFound(reference)
        }
        return (order, assignment)
    }

    static func view(
        _ order: Order, _ stored: StoredAssignment, catalog: [String: ServiceItem], caller: Caller, now: Date,
        on db: any SQLDatabase
    ) async throws -> JobView {
        let own = caller.staffID.map(stored.assignment.technicianIDs.contains) ?? false
        let (settings, _) = try await DispatchSettingsRecords.find(storeCode: order.storeCode, on: db)
        var names: [String] = []
        var actorNames: [String: String] = [:]
        for id in stored.assignment.technicianIDs {
            guard let member = try await StaffRecords.find(id: id, on: db) else { continue }
            names.append(member.displayName)
            actorNames[Caller.staff(member).actor.description] = member.displayName
        }
        var seen: Set<String> = []
        let items = order.lines.compactMap { line in seen.insert(line.itemCode).inserted ? catalog[line.itemCode] : nil
        }
        return JobView(
            order: .make(order, for: caller, at: now, assignedToCaller: own), assignment: stored.assignment,
            checkedInAt: stored.checkedInAt, checkedOutAt: stored.checkedOutAt, items: items,
            sheet: JobSheet(try await entries(of: order.id, on: db)),
            checklistRequiredBeforeCheckIn: settings.checklistRequiredBeforeCheckIn, isOwnJob: own,
            technicianNames: names, actorNames: actorNames)
    }

    /// The job entries of an order's timeline, in order.
    static func entries(of orderID: UUID, on db: any SQLDatabase) async throws -> [RecordedJobEntry] {
        try await EventLog.events(of: orderID, on: db).compactMap { event in
            guard let type = OrderEventType(rawValue: event.type), event.type.hasPrefix("job."),
                let payload = try? JSONCoding.decoder.decode(
                    OrderEventPayload.self, from: Data(event.payloadJSON.utf8)),
                let entry = payload[JobEntryPayload.self]?.entry(of: type)
            else { return nil }
            return RecordedJobEntry(sequence: event.sequence, at: event.occurredAt, by: event.actor, entry: entry)
        }
    }
}

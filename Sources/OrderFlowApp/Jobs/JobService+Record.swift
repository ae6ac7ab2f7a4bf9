import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

extension JobService {
    /// Records one entry on the caller's own job (R3.4–R3.8): checks it, checks
    /// that the job is at a stage where it makes sense, moves the order when
    /// the entry moves it (first preparation step → preparing, check-in → in
    /// service), and appends it to the order's timeline.
    public func record(_ entry: JobEntry, on reference: String, ifMatch version: Int?, by caller: Caller)
        async throws -> JobView
    {
        try caller.require(.workOnJob)
        let problems = Self.problems(entry)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let now = environment.now()
        let followUpID = environment.newID()
        let cache = self.reference
        do {
            return try await database.write { db in
                let (order, stored) = try await Self.visibleJob(reference, by: caller, on: db)
                let own = caller.staffID.map(stored.assignment.technicianIDs.contains) ?? false
                guard caller.may(.workOnJob, storeCode: order.storeCode, ownJob: own) else {
                    throw AppError.forbidden(
                        LocalizedText(
                            zhHans: "只有被派到此任务的服务人员可以记录", en: "Only the technicians on this job can record on it"))
                }
                if let version, version != order.version {
                    throw AppError.versionMismatch(current: order.version, record: .order)
                }
                let snapshot = try await cache.current(on: db)
                // A time agreed with the customer meets the rules of any appointment (R2.3).
                if case .contact(let contact) = entry, let window = contact.newWindow(comparedWith: order.appointment) {
                    let problems = AppointmentRules.problems(
                        start: window.start, end: window.end, store: snapshot.stores[order.storeCode], now: now,
                        startField: "agreedStart", endField: "agreedEnd")
                    guard problems.isEmpty else { throw AppError.invalid(problems) }
                }
                let before = try await Self.view(
                    order, stored, catalog: snapshot.catalog, caller: caller, now: now, on: db)
                let zone = try snapshot.zone(ofStore: order.storeCode)
                let next = try Self.nextStatus(after: entry, view: before, now: now, zone: zone)
                var moved = order
                if next != order.status {
                    for step in Self.path(from: order.status, to: next) {
                        do throws(IllegalTransition) { try moved.move(to: step, at: now) } catch {
                            throw AppError.illegalTransition(error)
                        }
                    }
                }
                switch entry {
                case .checkIn: try await AssignmentRecords.setCheckedIn(orderID: order.id, at: now, on: db)
                case .checkOut: try await AssignmentRecords.setCheckedOut(orderID: order.id, at: now, on: db)
                default: break
                }
                let payload = try OrderEventPayload(
                    JobEntryPayload(entry), fromStatus: order.status, toStatus: next == order.status ? nil : next)
                let (saved, _) = try await OrderChange.commit(
                    order, as: moved, events: [.init(JobEntryPayload.eventType(of: entry), payload, by: caller.actor)],
                    at: now, on: db)
                // A return call two days after the service (R4.2).
                if case .checkOut = entry {
                    try await FollowUpRules.apply(.afterService, to: saved, at: now, newID: followUpID, on: db)
                }
                var current = saved
                if case .contact(let contact) = entry, let window = contact.newWindow(comparedWith: order.appointment) {
                    current = try await Self.reschedule(
                        saved, to: window, assignment: stored.assignment, snapshotCatalog: snapshot.catalog,
                        stores: snapshot.stores, by: caller, at: now, on: db)
                }
                // Rescheduled to a time the technician cannot make: the job went back to the queue.
                let after = try await AssignmentRecords.find(orderID: order.id, on: db) ?? stored
                return try await Self.view(current, after, catalog: snapshot.catalog, caller: caller, now: now, on: db)
            }
        } catch StoreError.staleVersion {
            throw AppError.concurrentChange
        }
    }

    static func problems(_ entry: JobEntry) -> [FieldProblem] {
        switch entry {
        case .contact(let contact): JobEntryCheck.problems(contact)
        case .siteSurvey(let survey): JobEntryCheck.problems(survey)
        case .checklistTick: []
        case .checkIn(let location), .checkOut(let location): JobEntryCheck.problems(location)
        case .serviceRecord(let record): JobEntryCheck.problems(record)
        }
    }

    /// The order's status after `entry`, or why the entry does not fit the job now.
    static func nextStatus(after entry: JobEntry, view: JobView, now: Date, zone: TimeZone) throws -> OrderStatus {
        let status = view.order.order.status
        let preparing: Set<OrderStatus> = [.assigned, .preparing]
        switch entry {
        case .contact, .siteSurvey:
            guard preparing.contains(status) else {
                throw stage(status, LocalizedText(zhHans: "准备", en: "preparation"))
            }
            return .preparing
        case .checklistTick(let itemCode, let code, _):
            guard preparing.contains(status) else {
                throw stage(status, LocalizedText(zhHans: "准备", en: "preparation"))
            }
            guard
                view.items.contains(where: {
                    $0.code == itemCode && $0.preparation.checklist.contains { $0.code == code }
                })
            else {
                throw AppError.invalid([
                    FieldProblem(
                        field: "entry", code: "checklist.unknownEntry",
                        message: LocalizedText(zhHans: "该任务的准备清单中没有此项", en: "No such entry on this job's checklist"))
                ])
            }
            return .preparing
        case .checkIn:
            guard preparing.contains(status), view.checkedInAt == nil else {
                throw AppError.conflict(
                    code: "job.checkInNotPossible",
                    message: LocalizedText(
                        zhHans: "该任务已签到或当前不能签到（\(status.label.zhHans)）",
                        en: "Already checked in, or cannot check in now (\(status.label.en.lowercased()))"))
            }
            let opens = CheckInPolicy.opens(forJobStartingAt: view.assignment.start)
            if now < opens {
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = zone
                let parts = calendar.dateComponents([.hour, .minute], from: opens)
                let time =
                    "\(LocalDate(opens, in: calendar)) \(TimeOfDay(hour: parts.hour ?? 0, minute: parts.minute ?? 0))"
                throw AppError.conflict(
                    code: "job.checkInTooEarly",
                    message: LocalizedText(
                        zhHans: "尚未到签到时间：可于 \(time) 起签到（计划开始前 2 小时）",
                        en: "Too early to check in: check-in opens at \(time), 2 hours before the planned start"))
            }
            let missing = view.missingTicks
            if view.checklistRequiredBeforeCheckIn && !missing.isEmpty {
                throw AppError.conflict(
                    code: "job.checklistIncomplete",
                    message: LocalizedText(
                        zhHans: "门店要求签到前完成准备清单，尚缺：" + missing.map(\.entry.name.zhHans).joined(separator: "、"),
                        en: "This store needs the checklist complete before check-in; still open: "
                            + missing.map(\.entry.name.en).joined(separator: ", ")))
            }
            return .inService
        case .checkOut:
            // A report signed on site may come before check-out (R5.3).
            let afterService: Set<OrderStatus> = [.inService, .awaitingAcceptance, .rework, .delivered]
            guard afterService.contains(status), view.checkedInAt != nil, view.checkedOutAt == nil else {
                throw AppError.conflict(
                    code: "job.checkOutNotPossible",
                    message: LocalizedText(
                        zhHans: "只有已签到、未签退的任务可以签退", en: "Only a job checked in and not yet checked out can check out"))
            }
            return status
        case .serviceRecord(let record):
            guard view.checkedInAt != nil else {
                throw AppError.conflict(
                    code: "job.notCheckedIn",
                    message: LocalizedText(zhHans: "签到后才能提交服务记录", en: "Check in before submitting the service record"))
            }
            if let corrects = record.corrects {
                guard view.sheet.records.contains(where: { $0.sequence == corrects }),
                    view.sheet.correctedBy[corrects] == nil
                else {
                    throw AppError.invalid([
                        FieldProblem(
                            field: "corrects", code: "record.notCorrectable",
                            message: LocalizedText(
                                zhHans: "只能更正一条尚未被更正的服务记录", en: "Only a record not yet corrected can be corrected"))
                    ])
                }
            }
            return status
        }
    }

    /// The statuses an order passes on its way: check-in from "assigned"
    /// goes through "preparing", so the timeline stays on the state machine.
    static func path(from status: OrderStatus, to next: OrderStatus) -> [OrderStatus] {
        status == .assigned && next == .inService ? [.preparing, .inService] : [next]
    }

    static func stage(_ status: OrderStatus, _ what: LocalizedText) -> AppError {
        AppError.conflict(
            code: "job.wrongStage",
            message: LocalizedText(
                zhHans: "订单当前为「\(status.label.zhHans)」，不能再做\(what.zhHans)记录",
                en: "The order is \(status.label.en.lowercased()); \(what.en) can no longer be recorded"))
    }
}

import Foundation
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@Suite("Jobs: preparation, check-in and service records (R3.4–R3.8)")
struct JobRecordTests {
    /// An order assigned to sh.tech1 tomorrow 10:00, and the world around it.
    static func assignedJob(_ database: any OrderFlowDatabase) async throws -> (DispatchFixtures.World, Order) {
        let world = try await DispatchFixtures.seed(database)
        let order = try await world.confirmedOrder()
        _ = try await world.dispatch().assign(
            order.number, AssignmentRequest(target: .technician(world.member("sh.tech1").id), reason: "熟悉该小区"),
            ifMatch: nil, by: DispatchFixtures.dispatcher)
        return (world, order)
    }

    static let tomorrow = LocalDate(year: 2026, month: 12, day: 2)
    /// Half an hour before the job: check-in is open.
    static let onTime = Fixtures.shanghai(daysAfterNow: 1, hour: 9, minute: 30)

    @Test(
        "R3.4 R3.6 the technician's day lists the job with checklist, standard and safety notes",
        arguments: TestEngine.available)
    func jobView(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (world, order) = try await Self.assignedJob(database)
            let me = world.technician("sh.tech1")
            let jobs = try await world.jobs().myJobs(day: Self.tomorrow, by: me)
            #expect(jobs.map(\.order.order.number) == [order.number])
            let job = try #require(jobs.first)
            #expect(job.items.first?.preparation.safetyNotes.en == "Work with the power off")
            #expect(job.missingTicks.map(\.entry.code) == ["gauge", "covers"])
            #expect(job.isOwnJob)
            // Outside the 4-hour window the customer is masked even for their technician.
            #expect(job.order.personalData == .masked)
            let close = try await world.jobs(at: Fixtures.shanghai(daysAfterNow: 1, hour: 8)).job(order.number, by: me)
            #expect(close.order.personalData == .full)
            #expect(try await world.jobs().myJobs(day: Self.tomorrow, by: world.technician("sh.tech2")).isEmpty)
        }
    }

    @Test(
        "R3.5 R3.7 check-in waits for the checklist when the store says so, then moves the order into service",
        arguments: TestEngine.available)
    func checkInGate(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (world, order) = try await Self.assignedJob(database)
            let me = world.technician("sh.tech1")
            let jobs = world.jobs(at: Self.onTime)
            let contact = ContactConfirmation(
                method: .phone, result: .confirmed, note: "客户确认上午在家", agreedStart: nil, agreedEnd: nil)
            let afterContact = try await jobs.record(.contact(contact), on: order.number, ifMatch: nil, by: me)
            #expect(afterContact.order.order.status == .preparing)
            #expect(afterContact.sheet.contactConfirmed)
            let location = GeoPoint(latitude: 31.19, longitude: 121.43, accuracy: 12)
            do {
                _ = try await jobs.record(.checkIn(location: location), on: order.number, ifMatch: nil, by: me)
                Issue.record("checked in with the checklist open")
            } catch AppError.conflict(let code, let message) {
                #expect(code == "job.checklistIncomplete")
                #expect(message.en.contains("Refrigerant gauge"))
            }
            for entry in ["gauge", "covers"] {
                _ = try await jobs.record(
                    .checklistTick(itemCode: "AC-CLEAN", entry: entry, done: true), on: order.number, ifMatch: nil,
                    by: me)
            }
            await #expect(throws: AppError.self) {
                try await jobs.record(
                    .checklistTick(itemCode: "AC-CLEAN", entry: "ladder", done: true), on: order.number, ifMatch: nil,
                    by: me)
            }
            let checkedIn = try await jobs.record(.checkIn(location: location), on: order.number, ifMatch: nil, by: me)
            #expect(checkedIn.order.order.status == .inService)
            #expect(checkedIn.checkedInAt == Self.onTime)
            #expect(checkedIn.sheet.checkedIn?.entry == .checkIn(location: location))
            await #expect(throws: AppError.self) {
                try await jobs.record(.checkIn(location: nil), on: order.number, ifMatch: nil, by: me)
            }
            // Reassigning after check-in is refused.
            await #expect(throws: AppError.self) {
                try await world.dispatch().assign(
                    order.number,
                    AssignmentRequest(target: .technician(world.member("sh.tech2").id), reason: "x", reassign: true),
                    ifMatch: nil, by: DispatchFixtures.dispatcher)
            }
        }
    }

    @Test(
        "R3.7 a store that does not require the checklist lets the technician check in straight away",
        arguments: TestEngine.available)
    func checklistOptional(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (world, order) = try await Self.assignedJob(database)
            _ = try await world.dispatch().updateSettings(
                storeCode: "SH01", StoreDispatchSettings(checklistRequiredBeforeCheckIn: false), ifMatch: 0,
                by: DispatchFixtures.manager)
            let done = try await world.jobs(at: Self.onTime).record(
                .checkIn(location: nil), on: order.number, ifMatch: nil, by: world.technician("sh.tech1"))
            #expect(done.order.order.status == .inService)
            let events = try await database.read { try await EventLog.events(of: order.id, on: $0) }
            #expect(events.last?.type == OrderEventType.checkedIn.rawValue)
        }
    }

    @Test(
        "R3.8 a submitted record is never changed: a correction points at it and both stay",
        arguments: TestEngine.available)
    func recordsAndCorrections(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (world, order) = try await Self.assignedJob(database)
            let me = world.technician("sh.tech1")
            let jobs = world.jobs(at: Self.onTime)
            let record = ServiceRecord(
                workDone: "拆洗滤网和蒸发器", materials: [MaterialUsed(name: "清洗剂", quantityMilli: 500, unit: "瓶")],
                customerFeedback: "满意")
            await #expect(throws: AppError.self) {
                try await jobs.record(.serviceRecord(record), on: order.number, ifMatch: nil, by: me)
            }
            _ = try await world.dispatch().updateSettings(
                storeCode: "SH01", StoreDispatchSettings(checklistRequiredBeforeCheckIn: false), ifMatch: nil,
                by: DispatchFixtures.manager)
            _ = try await jobs.record(.checkIn(location: nil), on: order.number, ifMatch: nil, by: me)
            let first = try await jobs.record(.serviceRecord(record), on: order.number, ifMatch: nil, by: me)
            let original = try #require(first.sheet.records.first)
            var fixed = record
            fixed.materials = [MaterialUsed(name: "清洗剂", quantityMilli: 1_500, unit: "瓶")]
            fixed.corrects = original.sequence
            await #expect(throws: AppError.self) {
                try await jobs.record(.serviceRecord(fixed), on: order.number, ifMatch: nil, by: me)
            }
            fixed.correctionReason = "实际用了一瓶半"
            let corrected = try await jobs.record(.serviceRecord(fixed), on: order.number, ifMatch: nil, by: me)
            #expect(corrected.sheet.records.count == 2)
            #expect(corrected.sheet.currentRecords.map(\.entry) == [.serviceRecord(fixed)])
            #expect(corrected.sheet.correctedBy[original.sequence] == corrected.sheet.records.last?.sequence)
            // The corrected one cannot be corrected again; the new one can.
            await #expect(throws: AppError.self) {
                try await jobs.record(.serviceRecord(fixed), on: order.number, ifMatch: nil, by: me)
            }
            let out = try await jobs.record(.checkOut(location: nil), on: order.number, ifMatch: nil, by: me)
            #expect(out.checkedOutAt == Self.onTime)
            let events = try await database.read { try await EventLog.events(of: order.id, on: $0) }
            #expect(EventLog.firstBrokenLink(in: events) == nil)
        }
    }

    @Test("check-in on someone else's job, or an unassigned order, is refused", arguments: TestEngine.available)
    func notYourJob(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (world, order) = try await Self.assignedJob(database)
            let unassigned = try await world.confirmedOrder(phone: "13912340000")
            let jobs = world.jobs(at: Self.onTime)
            await #expect(throws: AppError.orderNotFound(order.number)) {
                try await jobs.record(
                    .checkIn(location: nil), on: order.number, ifMatch: nil, by: world.technician("sh.tech2"))
            }
            await #expect(throws: AppError.orderNotFound(unassigned.number)) {
                try await jobs.record(
                    .checkIn(location: nil), on: unassigned.number, ifMatch: nil, by: world.technician("sh.tech1"))
            }
            // A dispatcher sees the job but cannot record on it.
            #expect(try await jobs.job(order.number, by: DispatchFixtures.dispatcher).isOwnJob == false)
            await #expect(throws: AppError.notAllowed) {
                try await jobs.record(
                    .checkIn(location: nil), on: order.number, ifMatch: nil, by: DispatchFixtures.dispatcher)
            }
        }
    }

    @Test("bad entries are refused field by field and nothing is recorded", arguments: TestEngine.available)
    func badEntries(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (world, order) = try await Self.assignedJob(database)
            let me = world.technician("sh.tech1")
            let jobs = world.jobs(at: Self.onTime)
            let before = try await database.read { try await EventLog.events(of: order.id, on: $0) }.count
            let cases: [(JobEntry, [String])] = [
                (
                    .contact(
                        ContactConfirmation(
                            method: .phone, result: .rescheduled, note: String(repeating: "长", count: 1_001),
                            agreedStart: nil, agreedEnd: nil)), ["note", "agreedStart"]
                ),
                (.siteSurvey(SiteSurveyRequest(note: "  ", preferredDate: nil)), ["note"]),
                (
                    .checkIn(location: GeoPoint(latitude: 91, longitude: .nan, accuracy: -1)),
                    ["location.latitude", "location.longitude", "location.accuracy"]
                ),
            ]
            for (entry, fields) in cases {
                do {
                    _ = try await jobs.record(entry, on: order.number, ifMatch: nil, by: me)
                    Issue.record("accepted \(entry)")
                } catch AppError.invalid(let problems) {
                    #expect(problems.map(\.field) == fields)
                }
            }
            let after = try await database.read { try await EventLog.events(of: order.id, on: $0) }.count
            #expect(after == before)
        }
    }

    @Test(
        "R3.4 a rescheduled contact moves the job when the technician can make the new time, else hands it back",
        arguments: TestEngine.available)
    func rescheduling(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (world, order) = try await Self.assignedJob(database)
            let me = world.technician("sh.tech1")
            let jobs = world.jobs(at: Self.onTime)
            let afternoon = ContactConfirmation(
                method: .phone, result: .rescheduled, note: "客户改到下午",
                agreedStart: Fixtures.shanghai(daysAfterNow: 1, hour: 14),
                agreedEnd: Fixtures.shanghai(daysAfterNow: 1, hour: 16))
            let moved = try await jobs.record(.contact(afternoon), on: order.number, ifMatch: nil, by: me)
            #expect(moved.order.order.appointment.start == Fixtures.shanghai(daysAfterNow: 1, hour: 14))
            #expect(moved.assignment.start == Fixtures.shanghai(daysAfterNow: 1, hour: 14))
            #expect(moved.order.order.status == .preparing)
            // Another job takes tech1's morning; the customer then asks for the morning again.
            let other = try await world.confirmedOrder(phone: "13912349999")
            _ = try await world.dispatch().assign(
                other.number, AssignmentRequest(target: .technician(world.member("sh.tech1").id), reason: "上午空档"),
                ifMatch: nil, by: DispatchFixtures.dispatcher)
            let morning = ContactConfirmation(
                method: .phone, result: .rescheduled, note: "又改回上午",
                agreedStart: Fixtures.shanghai(daysAfterNow: 1, hour: 10),
                agreedEnd: Fixtures.shanghai(daysAfterNow: 1, hour: 11))
            let handedBack = try await jobs.record(.contact(morning), on: order.number, ifMatch: nil, by: me)
            #expect(handedBack.order.order.status == .confirmed)
            #expect(try await database.read { try await AssignmentRecords.find(orderID: order.id, on: $0) } == nil)
            let board = try await world.dispatch().board(
                storeCode: "SH01", day: Self.tomorrow, by: DispatchFixtures.dispatcher)
            #expect(board.queue.map(\.order.order.number) == [order.number])
            #expect(board.queue.first?.order.order.appointment.start == Fixtures.shanghai(daysAfterNow: 1, hour: 10))
            let events = try await database.read { try await EventLog.events(of: order.id, on: $0) }
            #expect(events.filter { $0.type == OrderEventType.rescheduled.rawValue }.count == 2)
        }
    }

    @Test("R2.3 R3.4 a time agreed with the customer meets the appointment rules: past and outside hours both told")
    func agreedTimeChecked() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let (world, order) = try await Self.assignedJob(database)
            let me = world.technician("sh.tech1")
            let jobs = world.jobs(at: Self.onTime)
            let lateNightYesterday = ContactConfirmation(
                method: .phone, result: .rescheduled, note: "客户说昨晚",
                agreedStart: Fixtures.shanghai(daysAfterNow: -1, hour: 20),
                agreedEnd: Fixtures.shanghai(daysAfterNow: -1, hour: 21))
            do {
                _ = try await jobs.record(.contact(lateNightYesterday), on: order.number, ifMatch: nil, by: me)
                Issue.record("an agreed time in the past, after closing, was taken")
            } catch AppError.invalid(let problems) {
                #expect(
                    Set(problems.map { "\($0.field):\($0.code)" }) == [
                        "agreedStart:appointment.past", "agreedStart:appointment.outsideHours",
                    ])
            }
            let unchanged = try await database.read { try await OrderRecords.find(id: order.id, on: $0) }
            #expect(unchanged?.appointment == order.appointment)
        }
    }

    @Test("R3.7 check-in opens two hours before the planned start", arguments: TestEngine.available)
    func checkInTooEarly(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let (world, order) = try await Self.assignedJob(database)
            _ = try await world.dispatch().updateSettings(
                storeCode: "SH01", StoreDispatchSettings(checklistRequiredBeforeCheckIn: false), ifMatch: nil,
                by: DispatchFixtures.manager)
            let me = world.technician("sh.tech1")
            let early = Fixtures.shanghai(daysAfterNow: 1, hour: 7, minute: 59)
            do {
                _ = try await world.jobs(at: early).record(
                    .checkIn(location: nil), on: order.number, ifMatch: nil, by: me)
                Issue.record("checked in too early")
            } catch AppError.conflict(let code, let message) {
                #expect(code == "job.checkInTooEarly")
                #expect(message.en.contains("2026-12-02 08:00"))
            }
            let opens = Fixtures.shanghai(daysAfterNow: 1, hour: 8)
            let done = try await world.jobs(at: opens).record(
                .checkIn(location: nil), on: order.number, ifMatch: nil, by: me)
            #expect(done.checkedInAt == opens)
        }
    }
}

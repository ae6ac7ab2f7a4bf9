import Foundation
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import SQLKit
import Testing

@testable import OrderFlowApp

@Suite("Aftercare: follow-ups, feedback and problem cases (R4.2, R4.3, R4.7, R4.8)")
struct FollowUpTests {
    static func service(_ database: any OrderFlowDatabase, at instant: Date = Fixtures.now) -> TrackingService {
        TrackingService(database: database, environment: .at { instant }, logger: TestDatabase.logger)
    }

    static let agent = Fixtures.caller(.customerService, stores: ["SH01"])

    /// An after-sales agent of SH01, as a real account (rules pick owners among real staff).
    static func afterSales(_ database: any OrderFlowDatabase) async throws -> StaffMember {
        try await AccessService(database: database, logger: TestDatabase.logger).addStaff(
            .init(
                username: "sh.aftersales", displayName: "陈售后", password: nil,
                grants: [RoleGrant(role: .afterSales, scope: .stores(["SH01"]))]), by: Fixtures.administrator)
    }

    @Test("R4.2 a follow-up by hand: each contact logged (who, channel, result), then closed; all in the timeline")
    func followUpByHand() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder()
            let member = try await Self.afterSales(database)
            let caller = Caller.staff(member)
            let tracking = Self.service(database)
            await #expect(throws: AppError.self) {
                try await tracking.createFollowUp(
                    order.number, ownerUsername: nil, reason: " ", dueAt: Fixtures.now.addingTimeInterval(3600),
                    by: caller)
            }
            await #expect(throws: AppError.self) {
                try await tracking.createFollowUp(
                    order.number, ownerUsername: "sh.tech1", reason: "确认上门时间",
                    dueAt: Fixtures.now.addingTimeInterval(3600),
                    by: caller)
            }
            let followUp = try await tracking.createFollowUp(
                order.number, ownerUsername: nil, reason: "确认上门时间", dueAt: Fixtures.now.addingTimeInterval(3600),
                by: caller)
            #expect(followUp.ownerID == member.id && followUp.origin == "manual")
            _ = try await tracking.logContact(
                followUp.id, channel: .phone, result: .noAnswer, note: "", by: caller)
            let reached = try await tracking.logContact(
                followUp.id, channel: .wechat, result: .reached, note: "客户确认明早在家", by: caller)
            #expect(reached.contacts.map(\.result) == [.noAnswer, .reached])
            #expect(reached.contacts.last?.actor == caller.actor.description)
            let closed = try await tracking.closeFollowUp(followUp.id, outcome: "已确认", by: caller)
            #expect(closed.status == .done)
            await #expect(throws: AppError.self) {
                try await tracking.logContact(followUp.id, channel: .phone, result: .reached, note: "", by: caller)
            }
            // Another store's staff cannot find it; a technician may not handle follow-ups.
            await #expect(throws: TrackingService.followUpNotFound) {
                try await tracking.closeFollowUp(
                    followUp.id, outcome: "x", by: Fixtures.caller(.customerService, stores: ["BJ01"]))
            }
            await #expect(throws: AppError.self) {
                try await tracking.createFollowUp(
                    order.number, ownerUsername: nil, reason: "x", dueAt: Fixtures.now.addingTimeInterval(60),
                    by: world.technician("sh.tech1"))
            }
            let types = try await database.read { try await EventLog.events(of: order.id, on: $0) }.map(\.type)
            #expect(
                types.suffix(4) == [
                    "aftercare.followUpCreated", "aftercare.followUpContacted", "aftercare.followUpContacted",
                    "aftercare.followUpClosed",
                ])
            #expect(try await tracking.openFollowUps(mineOnly: true, by: caller).isEmpty)
        }
    }

    @Test("R4.2 R4.3 a poor rating by phone makes a follow-up for the store manager within four hours")
    func poorFeedbackRule() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder()
            let manager = try await AccessService(database: database, logger: TestDatabase.logger).addStaff(
                .init(
                    username: "sh.manager", displayName: "周经理", password: nil,
                    grants: [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))]), by: Fixtures.administrator)
            let tracking = Self.service(database)
            await #expect(throws: AppError.self) {
                try await tracking.recordFeedback(
                    order.number, rating: 6, comment: "", channel: .phone, by: Self.agent)
            }
            await #expect(throws: AppError.self) {
                try await tracking.recordFeedback(
                    order.number, rating: nil, comment: " ", channel: .phone, by: Self.agent)
            }
            await #expect(throws: AppError.self) {
                try await tracking.recordFeedback(order.number, rating: 5, comment: "", channel: .web, by: Self.agent)
            }
            let good = try await tracking.recordFeedback(
                order.number, rating: 5, comment: "师傅很专业", channel: .phone, by: Self.agent)
            #expect(good.channel == .phone && good.recordedBy == Self.agent.actor.description)
            #expect(try await tracking.followUps(ofOrder: order).isEmpty)
            _ = try await tracking.recordFeedback(
                order.number, rating: 2, comment: "迟到一小时", channel: .sms, by: Self.agent)
            let made = try #require(try await tracking.followUps(ofOrder: order).first)
            #expect(made.origin == "rule.poorFeedback")
            #expect(made.ownerID == manager.id)
            #expect(made.dueAt == Fixtures.now.addingTimeInterval(4 * 3600))
            #expect(Set(try await tracking.feedback(ofOrder: order).compactMap(\.rating)) == [5, 2])
        }
    }

    @Test("R4.3 the customer rates through their link once the service is done; a flood is refused")
    func customerFeedbackByLink() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder()
            let token = "link-\(UUID().uuidString)"
            try await database.write {
                try await TrackingLinkRecords.insert(secret: token, orderID: order.id, at: Fixtures.now, on: $0)
            }
            let tracking = Self.service(database)
            await #expect(throws: AppError.self) {
                try await tracking.customerFeedback(trackingToken: "wrong", rating: 5, comment: "")
            }
            await #expect(
                throws: AppError.conflict(
                    code: "feedback.tooEarly",
                    message: LocalizedText(zhHans: "服务完成后才能评价", en: "You can rate the service once it is done"))
            ) {
                try await tracking.customerFeedback(trackingToken: token, rating: 1, comment: "还没来")
            }
            // The job is done: assigned, checked in, recorded, checked out.
            _ = try await world.dispatch().assign(
                order.number, AssignmentRequest(target: .technician(world.member("sh.tech1").id), reason: "熟客"),
                ifMatch: nil, by: DispatchFixtures.dispatcher)
            _ = try await world.dispatch().updateSettings(
                storeCode: "SH01", StoreDispatchSettings(checklistRequiredBeforeCheckIn: false), ifMatch: nil,
                by: DispatchFixtures.manager)
            let jobs = world.jobs(at: Fixtures.shanghai(daysAfterNow: 1, hour: 9, minute: 30))
            let me = world.technician("sh.tech1")
            _ = try await jobs.record(.checkIn(location: nil), on: order.number, ifMatch: nil, by: me)
            _ = try await jobs.record(
                .serviceRecord(ServiceRecord(workDone: "清洗", materials: [], customerFeedback: "")), on: order.number,
                ifMatch: nil, by: me)
            let colleague = try await Self.afterSales(database)
            _ = try await jobs.record(.checkOut(location: nil), on: order.number, ifMatch: nil, by: me)
            let given = try await tracking.customerFeedback(trackingToken: token, rating: 4, comment: "师傅很细心")
            #expect(given.channel == .web && given.recordedBy == "customer:tracking-link")
            for _ in 0..<4 {
                _ = try await tracking.customerFeedback(trackingToken: token, rating: 5, comment: "")
            }
            await #expect(throws: AppError.self) {
                try await tracking.customerFeedback(trackingToken: token, rating: 5, comment: "")
            }
            // Checking out made the return call (R4.2), two days later, for the store's after-sales agent.
            let call = try #require(
                try await tracking.followUps(ofOrder: order).first { $0.origin == "rule.afterService" })
            #expect(call.ownerID == colleague.id)
            #expect(call.dueAt == Fixtures.shanghai(daysAfterNow: 3, hour: 9, minute: 30))
        }
    }

    @Test("R4.7 R4.8 a problem case: attributed to a technician (marked once), the customer told, then resolved")
    func problemCase() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder()
            let member = try await Self.afterSales(database)
            let caller = Caller.staff(member)
            let tracking = Self.service(database)
            let opened = try await tracking.openProblemCase(
                order.number, kind: .lateArrival, description: "师傅迟到 50 分钟", by: caller)
            // A follow-up to confirm the outcome, for the store's after-sales staff.
            #expect(try await tracking.followUps(ofOrder: order).map(\.origin) == ["rule.problemCase"])
            let technician = world.member("sh.tech1").id
            var change = ProblemCaseChange(responsibility: .technician)
            await #expect(throws: AppError.self) {
                try await tracking.updateProblemCase(opened.id, change, ifMatch: nil, by: caller)
            }
            change.responsibleStaffID = technician
            change.tellCustomer = true
            await #expect(throws: AppError.self) {
                try await tracking.updateProblemCase(opened.id, change, ifMatch: nil, by: caller)
            }
            change.cause = "前一单超时，未及时通知客户"
            change.measures = "向客户致歉并减免上门费；师傅重新学习改约流程"
            change.expectedResolutionAt = Fixtures.now.addingTimeInterval(86_400)
            change.actions = [CorrectiveAction(description: "改约流程培训", owner: "sh.manager", dueAt: nil)]
            await #expect(throws: AppError.versionMismatch(current: 1, record: .problemCase)) {
                try await tracking.updateProblemCase(opened.id, change, ifMatch: 7, by: caller)
            }
            let told = try await tracking.updateProblemCase(opened.id, change, ifMatch: 1, by: caller)
            #expect(told.version == 2)
            _ = try await tracking.updateProblemCase(opened.id, change, ifMatch: 2, by: caller)
            let marks = try await tracking.assessmentMarks(of: technician, by: caller)
            #expect(marks.count == 1)
            #expect(marks.first?.points == AssessmentMark.points(for: .lateArrival))
            // R4.7 the mark is readable: by the technician, and by their store's manager; not by others.
            let own = try await tracking.assessmentMarks(ofUsername: "sh.tech1", by: world.technician("sh.tech1"))
            #expect(own.map(\.caseID) == [opened.id])
            #expect(own.first?.orderNumber == order.number)
            let managed = try await tracking.assessmentMarks(ofUsername: "sh.tech1", by: DispatchFixtures.manager)
            #expect(managed.count == 1)
            await #expect(throws: AppError.self) {
                try await tracking.assessmentMarks(ofUsername: "sh.tech1", by: world.technician("sh.tech2"))
            }
            await #expect(throws: AppError.self) {
                try await tracking.assessmentMarks(
                    ofUsername: "sh.tech1", by: Fixtures.caller(.storeManager, stores: ["BJ01"]))
            }
            await #expect(throws: AppError.notAllowed) {
                try await tracking.assessmentMarks(
                    ofUsername: "sh.tech1", by: Fixtures.caller(.finance, stores: ["SH01"]))
            }
            let resolved = try await tracking.resolveProblemCase(
                opened.id, resolution: "已减免上门费，客户接受", ifMatch: nil, by: caller)
            #expect(resolved.status == .resolved)
            await #expect(throws: AppError.self) {
                try await tracking.resolveProblemCase(opened.id, resolution: "again", ifMatch: nil, by: caller)
            }
            // The customer hears of it twice: the cause and measures, then the resolution.
            let topics = try await database.read {
                try await $0.raw(
                    "SELECT topic FROM notification_outbox WHERE order_id = \(bind: order.id.uuidString) ORDER BY event_sequence"
                ).all().map { try $0.decode(column: "topic", as: String.self) }
            }
            #expect(topics.suffix(3) == ["problemUpdate", "problemUpdate", "problemResolved"])
            await #expect(throws: AppError.notAllowed) {
                try await tracking.openProblemCase(
                    order.number, kind: .complaint, description: "x",
                    by: Fixtures.caller(.receptionist, stores: ["SH01"]))
            }
        }
    }

    @Test("R4.8 the message to the customer gives the cause, the measures and the expected time")
    func problemMessage() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder()
            let caller = Caller.staff(try await Self.afterSales(database))
            let tracking = Self.service(database)
            let opened = try await tracking.openProblemCase(
                order.number, kind: .poorQuality, description: "清洗后仍有异味", by: caller)
            let change = ProblemCaseChange(
                responsibility: .external, responsibleParty: "清洗剂供应商", cause: "清洗剂批次问题", measures: "免费二次清洗",
                expectedResolutionAt: Fixtures.shanghai(daysAfterNow: 2, hour: 15), tellCustomer: true)
            _ = try await tracking.updateProblemCase(opened.id, change, ifMatch: nil, by: caller)
            let planner = NotificationPlanner(
                channels: [.sms], publicBaseURL: "https://orderflow.example.com", newID: { UUID() })
            let deliveries = try await database.write { db in
                let entries = try await NotificationOutboxRecords.pending(limit: 100, on: db)
                let entry = try #require(entries.last { $0.topic == .problemUpdate })
                return try await planner.deliveries(for: entry, now: Fixtures.now, on: db)
            }
            let text = try #require(deliveries.first?.message.body)
            #expect(text.contains("原因是清洗剂批次问题"))
            #expect(text.contains("免费二次清洗"))
            #expect(text.contains("12月3日 15:00"))
        }
    }
}

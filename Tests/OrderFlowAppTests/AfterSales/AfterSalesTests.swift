import Foundation
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import SQLKit
import Testing

@testable import OrderFlowApp

@Suite("After-sales: warranty claims, handling and statistics (R6.1–R6.5)")
struct AfterSalesTests {
    /// A delivered order (accepted through the link), an after-sales agent
    /// of SH01, and the service on the world's clock.
    static func delivered(_ database: any OrderFlowDatabase) async throws -> (DeliveryWorld, StaffMember) {
        let w = try await DeliveryWorld.make(database)
        _ = try await w.service.submitReport(DeliveryWorld.draft(), on: w.order.number, ifMatch: nil, by: w.technician)
        _ = try await w.service.decide(
            AcceptanceRequest(decision: .accepted, via: .customerLink), trackingToken: w.token)
        let agent = try await AccessService(database: database, logger: TestDatabase.logger).addStaff(
            .init(
                username: "sh.aftersales", displayName: "陈售后", password: nil,
                grants: [RoleGrant(role: .afterSales, scope: .stores(["SH01"]))]), by: Fixtures.administrator)
        return (w, agent)
    }

    static func service(_ w: DeliveryWorld) -> AfterSalesService {
        AfterSalesService(database: w.database, environment: w.clock.environment, logger: TestDatabase.logger)
    }

    static func leak(_ channel: ClaimChannel = .phone, phone: String = "13812345678") -> ClaimDraft {
        ClaimDraft(
            channel: channel, itemCode: "AC-CLEAN", contactName: "王先生", contactPhone: phone, problem: "leak",
            description: "清洗后第三天内机滴水")
    }

    @Test("R6.2 R6.3 an eligible claim is accepted with an owner and time limits; the customer is told")
    func eligibleClaim() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let (w, agent) = try await Self.delivered(database)
            w.advance(10 * 86_400)
            let claim = try await Self.service(w).receiveClaim(
                Self.leak(), orderNumber: w.order.number, by: .staff(agent))
            #expect(claim.status == .accepted && claim.assessment.eligible)
            #expect(claim.ownerID == agent.id)
            #expect(claim.respondBy == w.now.addingTimeInterval(4 * 3600))
            #expect(claim.resolveBy == w.now.addingTimeInterval(72 * 3600))
            #expect(claim.assessment.costBearer == .company)
            #expect(claim.technicianIDs == [w.world.member("sh.tech1").id])
            #expect(try await w.eventTypes().last == "afterSales.claimAccepted")
            let outbox = try await database.read { db in
                try await db.raw("SELECT topic FROM notification_outbox").all().map {
                    try $0.decode(column: "topic", as: String.self)
                }
            }
            #expect(outbox.contains("claimAccepted"))
        }
    }

    @Test(
        "R6.3 ineligible claims are declined with the reason recorded and sent: out of scope, period over, not delivered"
    )
    func ineligibleClaims() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let (w, agent) = try await Self.delivered(database)
            let service = Self.service(w)
            var noise = Self.leak()
            noise.problem = "odor"
            let outOfScope = try await service.receiveClaim(noise, orderNumber: w.order.number, by: .staff(agent))
            #expect(outOfScope.status == .declined && outOfScope.assessment.refusal == .outOfScope)
            #expect(outOfScope.ownerID == nil && outOfScope.respondBy == nil)
            #expect(try await w.eventTypes().last == "afterSales.claimDeclined")
            w.advance(91 * 86_400)
            let late = try await service.receiveClaim(Self.leak(), orderNumber: w.order.number, by: .staff(agent))
            #expect(late.assessment.refusal == .periodOver)
            #expect(late.assessment.explanation.en.contains("20"))
            // An order not delivered yet is set right within the order, not under warranty.
            let open = try await w.world.confirmedOrder(phone: "13912345678", daysAhead: 2)
            let early = try await service.receiveClaim(
                Self.leak(phone: "13912345678"), orderNumber: open.number, by: .staff(agent))
            #expect(early.assessment.refusal == .notDelivered)
        }
    }

    @Test(
        "R6.2 bad claims: unknown order, another store's, another customer's, an item not ordered; a form sent twice is one claim"
    )
    func badClaims() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let (w, agent) = try await Self.delivered(database)
            let service = Self.service(w)
            func field(_ work: () async throws -> WarrantyClaim) async -> [String] {
                do {
                    _ = try await work()
                    return []
                } catch AppError.invalid(let problems) {
                    return problems.map { "\($0.field):\($0.code)" }
                } catch {
                    return ["\(error)"]
                }
            }
            #expect(
                await field {
                    try await service.receiveClaim(Self.leak(), orderNumber: "SH01-20990101-9999", by: .staff(agent))
                }
                    == ["orderNumber:claim.unknownOrder"])
            #expect(
                await field {
                    try await service.receiveClaim(
                        Self.leak(), orderNumber: w.order.number, by: Fixtures.caller(.afterSales, stores: ["BJ01"]))
                } == ["orderNumber:claim.unknownOrder"])
            #expect(
                await field {
                    try await service.receiveClaim(
                        Self.leak(phone: "13700000000"), orderNumber: w.order.number, by: .staff(agent))
                } == ["contactPhone:claim.notCustomersOrder"])
            var other = Self.leak()
            other.itemCode = "PHONE-SCREEN"
            #expect(
                await field { try await service.receiveClaim(other, orderNumber: w.order.number, by: .staff(agent)) }
                    == ["itemCode:claim.itemNotOnOrder"])
            var blank = Self.leak()
            blank.description = "  "
            #expect(
                await field { try await service.receiveClaim(blank, orderNumber: w.order.number, by: .staff(agent)) }
                    == ["description:claim.required"])
            await #expect(throws: AppError.self) {
                try await service.receiveClaim(Self.leak(), orderNumber: w.order.number, by: w.technician)
            }
            #expect(try await service.claims(ofOrder: w.order.id).isEmpty)
            let first = try await service.receiveClaim(
                Self.leak(), orderNumber: w.order.number, requestKey: "form-1", by: .staff(agent))
            let second = try await service.receiveClaim(
                Self.leak(), orderNumber: w.order.number, requestKey: "form-1", by: .staff(agent))
            #expect(first.id == second.id)
            #expect(try await service.claims(ofOrder: w.order.id).count == 1)
            #expect(try await w.eventTypes().filter { $0.hasPrefix("afterSales.") }.count == 1)
        }
    }

    @Test("R6.4 handling: cause and solution, progress sent, a zero-price repair order, closing with satisfaction")
    func handling() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let (w, agent) = try await Self.delivered(database)
            let service = Self.service(w)
            let me = Caller.staff(agent)
            let claim = try await service.receiveClaim(Self.leak(), orderNumber: w.order.number, by: me)
            let analysed = try await service.updateClaim(
                claim.id, causeAnalysis: "排水管接口松动", solution: "上门紧固并试水", ownerID: nil, ifMatch: claim.version,
                by: me)
            await #expect(throws: AppError.versionMismatch(current: analysed.version, record: .claim)) {
                try await service.addProgress(claim.id, message: "x", sendToCustomer: false, ifMatch: 1, by: me)
            }
            let told = try await service.addProgress(
                claim.id, message: "已安排师傅明天上午上门", sendToCustomer: true, ifMatch: nil, by: me)
            #expect(told.firstResponseAt == w.now && !told.isResponseOverdue(at: w.now))
            #expect(try await w.eventTypes().last == "afterSales.claimProgressSent")
            let (withRepair, repair) = try await service.openRepair(
                claim.id, appointmentStart: Fixtures.shanghai(daysAfterNow: 3, hour: 10),
                appointmentEnd: Fixtures.shanghai(daysAfterNow: 3, hour: 12), ifMatch: nil, by: me)
            #expect(withRepair.repairOrderNumber == repair.number)
            #expect(repair.lines.first?.unitPrice == Money(fen: 0) && repair.total == Money(fen: 0))
            #expect(repair.status == .pendingReview)
            #expect(repair.customer.phone == "13812345678")
            await #expect(throws: AppError.self) {
                try await service.openRepair(
                    claim.id, appointmentStart: Fixtures.shanghai(daysAfterNow: 3, hour: 10),
                    appointmentEnd: Fixtures.shanghai(daysAfterNow: 3, hour: 12), ifMatch: nil, by: me)
            }
            await #expect(throws: AppError.self) {
                try await service.closeClaim(
                    claim.id, satisfaction: nil, solution: "已修好", closingNote: "", ifMatch: nil, by: me)
            }
            let closed = try await service.closeClaim(
                claim.id, satisfaction: 5, solution: "紧固排水管，试水 30 分钟无渗漏", closingNote: "客户满意", ifMatch: nil, by: me)
            #expect(closed.status == .closed && closed.satisfaction == 5)
            await #expect(throws: AfterSalesService.notOpen) {
                try await service.addProgress(claim.id, message: "再次回访", sendToCustomer: false, ifMatch: nil, by: me)
            }
            #expect(try await w.eventTypes().last == "afterSales.claimClosed")
        }
    }

    @Test("R6.2 through the customer's link: channel link, at most three open requests per order")
    func claimByLink() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let (w, _) = try await Self.delivered(database)
            let service = Self.service(w)
            let claim = try await service.receiveClaim(Self.leak(.phone), trackingToken: w.token)
            #expect(claim.channel == .customerLink && claim.receivedBy == "customer:tracking-link")
            _ = try await service.receiveClaim(Self.leak(), trackingToken: w.token)
            _ = try await service.receiveClaim(Self.leak(), trackingToken: w.token)
            await #expect(throws: AppError.self) { try await service.receiveClaim(Self.leak(), trackingToken: w.token) }
            await #expect(throws: AppError.self) { try await service.receiveClaim(Self.leak(), trackingToken: "nope") }
        }
    }

    @Test("R6.5 statistics: claims and complaints by problem and by technician, CSV, rework per technician")
    func statistics() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let (w, agent) = try await Self.delivered(database)
            let service = Self.service(w)
            _ = try await service.receiveClaim(Self.leak(), orderNumber: w.order.number, by: .staff(agent))
            var odor = Self.leak()
            odor.problem = "odor"
            _ = try await service.receiveClaim(odor, orderNumber: w.order.number, by: .staff(agent))
            let tracking = TrackingService(
                database: database, environment: w.clock.environment, logger: TestDatabase.logger)
            let complaint = try await tracking.openProblemCase(
                w.order.number, kind: .complaint, description: "态度差", by: .staff(agent))
            let manager = DispatchFixtures.manager
            await #expect(throws: AppError.self) {
                try await service.statistics(
                    from: Fixtures.now, to: w.now.addingTimeInterval(60), by: .problem, caller: w.technician)
            }
            let byProblem = try await service.statistics(
                from: Fixtures.now, to: w.now.addingTimeInterval(60), by: .problem, caller: manager)
            #expect(byProblem.claims == 2 && byProblem.complaints == 1)
            #expect(Set(byProblem.rows.map(\.key)) == ["leak", "odor", "complaint"])
            #expect(byProblem.label("complaint", in: .en) == "Complaint")
            let byTechnician = try await service.statistics(
                from: Fixtures.now, to: w.now.addingTimeInterval(60), by: .technician, caller: manager)
            // A complaint nobody is yet held responsible for is not counted against whoever did the job (R4.7).
            #expect(byTechnician.rows.map(\.total) == [2, 1])
            #expect(byTechnician.label(byTechnician.rows[0].key, in: .zhHans) == "张师傅")
            #expect(byTechnician.csv(in: .zhHans).contains("张师傅,2,2,0"))
            // Once the technician is held responsible, it is theirs.
            var change = ProblemCaseChange(responsibility: .technician)
            change.responsibleStaffID = w.technician.staffID
            change.cause = "服务态度"
            _ = try await tracking.updateProblemCase(complaint.id, change, ifMatch: nil, by: manager)
            let attributed = try await service.statistics(
                from: Fixtures.now, to: w.now.addingTimeInterval(60), by: .technician, caller: manager)
            #expect(attributed.rows.map(\.total) == [3])
            #expect(attributed.csv(in: .zhHans).contains("张师傅,3,2,1"))
        }
    }

    @Test("R6.3 the explanation of a declined request is what the customer's SMS says")
    func declinedExplanationIsSent() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let (w, agent) = try await Self.delivered(database)
            var odor = Self.leak()
            odor.problem = "odor"
            let claim = try await Self.service(w).receiveClaim(odor, orderNumber: w.order.number, by: .staff(agent))
            let sms = RecordingTransport()
            let notifier = NotifierTests.notifier(database, w.clock, sms: sms)
            _ = try await notifier.expandPending()
            _ = try await notifier.sendDue(batchSize: 100)
            let answer = try #require(sms.sent.first { $0.body.contains("售后申请") })
            #expect(answer.body.contains(claim.assessment.explanation.zhHans))
            #expect(answer.recipient == "13812345678")
        }
    }

    @Test("R6.4 missed time limits are escalated to the store manager once each: no answer in 4 h, not solved in 72 h")
    func missedLimitsEscalate() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let (w, agent) = try await Self.delivered(database)
            let manager = try await AccessService(database: database, logger: TestDatabase.logger).addStaff(
                .init(
                    username: "sh.manager", displayName: "周经理", password: nil,
                    grants: [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))]), by: Fixtures.administrator)
            let service = Self.service(w)
            let answered = try await service.receiveClaim(Self.leak(), orderNumber: w.order.number, by: .staff(agent))
            _ = try await service.addProgress(
                answered.id, message: "已收到，明天上门", sendToCustomer: true, ifMatch: nil, by: .staff(agent))
            let silent = try await service.receiveClaim(Self.leak(), orderNumber: w.order.number, by: .staff(agent))
            let handle = {
                try await ClaimDeadlines.handle(
                    database: database, environment: w.clock.environment, logger: TestDatabase.logger)
            }
            w.advance(3 * 3600)
            #expect(try await handle() == 0)
            w.advance(3600 + 1)
            #expect(try await handle() == 1)
            #expect(try await handle() == 0)
            let escalated = try await service.claim(silent.id, by: .staff(agent))
            #expect(escalated.responseEscalatedAt != nil && escalated.resolutionEscalatedAt == nil)
            #expect(try await service.claim(answered.id, by: .staff(agent)).responseEscalatedAt == nil)
            let followUps = try await TrackingService(database: database, logger: TestDatabase.logger)
                .followUps(ofOrder: w.order).filter { $0.origin == "rule.claimOverdue" }
            #expect(followUps.count == 1 && followUps.first?.ownerID == manager.id)
            w.advance(72 * 3600)
            #expect(try await handle() == 2)
            #expect(try await handle() == 0)
        }
    }
}

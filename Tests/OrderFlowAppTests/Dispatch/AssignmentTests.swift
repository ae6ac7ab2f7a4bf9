import Foundation
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@Suite("Dispatch: automatic and manual assignment (R3.1–R3.3)")
struct AssignmentTests {
    typealias World = DispatchFixtures.World
    let dispatcher = DispatchFixtures.dispatcher

    @Test("R3.1 one-order mode picks a qualified technician and explains the others", arguments: TestEngine.available)
    func automaticOne(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let world = try await DispatchFixtures.seed(database)
            // Three units, 270 minutes: complexity 3, beyond tech2's level 2.
            let order = try await world.confirmedOrder(quantity: 3)
            let done = try await world.dispatch().assign(
                order.number, AssignmentRequest(target: .automatic), ifMatch: order.version, by: dispatcher)
            let assignment = try #require(done.assignment)
            // Both hvac technicians are free; tech1's level fits the job's complexity.
            #expect(assignment.technicianIDs == [world.member("sh.tech1").id])
            #expect(assignment.mode == .automatic)
            #expect(assignment.start == order.appointment.start)
            #expect(assignment.score != nil)
            #expect(done.order.order.status == .assigned)
            let tech2 = try #require(assignment.runnersUp.first { $0.staffID == world.member("sh.tech2").id })
            #expect(tech2.total == 2)
            #expect(tech2.reasons.map(\.en) == ["Cost 2 against 0 for the chosen", "experience +2"])
            let tech3 = try #require(assignment.runnersUp.first { $0.staffID == world.member("sh.tech3").id })
            #expect(tech3.total == nil)
            #expect(tech3.reasons.map(\.en) == ["Lacks the skill, or its valid certificate: hvac"])
            // The Beijing technician is never a candidate for a Shanghai order.
            #expect(!assignment.runnersUp.contains { $0.staffID == world.member("bj.tech").id })
            let events = try await database.read { try await EventLog.events(of: order.id, on: $0) }
            #expect(events.last?.type == OrderEventType.assigned.rawValue)
        }
    }

    @Test("R3.1 off shift, unqualified and double-booked are refused with the reason", arguments: TestEngine.available)
    func hardConstraintsRefused(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let world = try await DispatchFixtures.seed(database)
            let first = try await world.confirmedOrder(phone: "13812345001")
            let second = try await world.confirmedOrder(phone: "13812345002")
            let dispatch = world.dispatch()
            let tech1 = world.member("sh.tech1").id
            _ = try await dispatch.assign(
                first.number, AssignmentRequest(target: .technician(tech1), reason: "熟客"), ifMatch: nil,
                by: dispatcher)
            func codes(_ request: AssignmentRequest) async throws -> [String] {
                do {
                    _ = try await dispatch.assign(second.number, request, ifMatch: nil, by: dispatcher)
                    return []
                } catch AppError.invalid(let problems) {
                    return problems.map { "\($0.field):\($0.code)" }
                }
            }
            #expect(
                try await codes(
                    AssignmentRequest(target: .technician(tech1), start: second.appointment.start, reason: "x"))
                    == ["start:dispatch.overlaps"])
            #expect(
                try await codes(
                    AssignmentRequest(target: .technician(world.member("sh.tech3").id), reason: "x"))
                    == ["technicianId:dispatch.missingSkill"])
            #expect(
                try await codes(
                    AssignmentRequest(
                        target: .technician(world.member("sh.tech2").id),
                        start: Fixtures.shanghai(daysAfterNow: 1, hour: 17), reason: "x", overrideReason: "客户同意"))
                    == ["start:dispatch.offShift"])
            #expect(
                try await codes(AssignmentRequest(target: .technician(world.member("bj.tech").id), reason: "x"))
                    == ["technicianId:dispatch.unknownTechnician"])
            let unchanged = try await Fixtures.intake(database).order(second.number, by: Fixtures.agent)
            #expect(unchanged.order.status == .confirmed)
        }
    }

    @Test("R3.2 a soft departure needs an override reason, which is recorded", arguments: TestEngine.available)
    func softOverride(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder()
            let dispatch = world.dispatch()
            let late = Fixtures.shanghai(daysAfterNow: 1, hour: 14)
            let request = AssignmentRequest(
                target: .technician(world.member("sh.tech2").id), start: late, reason: "客户来电改到下午")
            await #expect(
                throws: AppError.self,
                performing: { try await dispatch.assign(order.number, request, ifMatch: nil, by: dispatcher) })
            var justified = request
            justified.overrideReason = "客户电话同意下午上门"
            let done = try await dispatch.assign(order.number, justified, ifMatch: nil, by: dispatcher)
            let assignment = try #require(done.assignment)
            #expect(assignment.departures == [.outsideWindow])
            #expect(assignment.overrideReason == "客户电话同意下午上门")
            #expect(assignment.reason == "客户来电改到下午")
            #expect(assignment.start == late)
        }
    }

    @Test(
        "reassigning needs the flag and a reason; withdrawing sends the order back to the queue",
        arguments: TestEngine.available)
    func reassignAndWithdraw(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder()
            let dispatch = world.dispatch()
            _ = try await dispatch.assign(
                order.number, AssignmentRequest(target: .automatic), ifMatch: nil, by: dispatcher)
            await #expect(throws: AppError.self) {
                try await dispatch.assign(
                    order.number, AssignmentRequest(target: .technician(world.member("sh.tech2").id), reason: "换人"),
                    ifMatch: nil, by: dispatcher)
            }
            let moved = try await dispatch.assign(
                order.number,
                AssignmentRequest(
                    target: .technician(world.member("sh.tech2").id), reason: "张师傅请假", overrideReason: "临时调整",
                    reassign: true), ifMatch: nil, by: dispatcher)
            #expect(moved.assignment?.technicianIDs == [world.member("sh.tech2").id])
            await #expect(throws: AppError.self) {
                try await dispatch.unassign(order.number, reason: nil, ifMatch: nil, by: dispatcher)
            }
            let back = try await dispatch.unassign(order.number, reason: "客户改期待定", ifMatch: nil, by: dispatcher)
            #expect(back.order.order.status == .confirmed)
            let events = try await database.read { try await EventLog.events(of: order.id, on: $0) }
            #expect(
                events.suffix(3).map(\.type) == [
                    OrderEventType.assigned.rawValue, OrderEventType.reassigned.rawValue,
                    OrderEventType.unassigned.rawValue,
                ])
            #expect(try await database.read { try await AssignmentRecords.find(orderID: order.id, on: $0) } == nil)
        }
    }

    @Test("R3.1 a team is assigned as a unit: every member gets the booking", arguments: TestEngine.available)
    func teamAsUnit(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder()
            let done = try await world.dispatch().assign(
                order.number, AssignmentRequest(target: .team("Crew A"), reason: "大件需两人"), ifMatch: nil,
                by: dispatcher)
            let assignment = try #require(done.assignment)
            #expect(Set(assignment.technicianIDs) == [world.member("sh.tech2").id, world.member("sh.tech3").id])
            #expect(assignment.team == "Crew A")
            let tech3Jobs = try await world.jobs().myJobs(
                day: LocalDate(year: 2026, month: 12, day: 2), by: world.technician("sh.tech3"))
            #expect(tech3Jobs.map(\.order.order.number) == [order.number])
        }
    }

    @Test(
        "a whole day is planned at once with no overlap and every placeable order placed",
        arguments: TestEngine.available)
    func planDay(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let world = try await DispatchFixtures.seed(database)
            var orders: [Order] = []
            for index in 0..<5 {
                orders.append(
                    try await world.confirmedOrder(phone: "1381234560\(index)", hour: 9 + (index % 3) * 2))
            }
            let day = LocalDate(year: 2026, month: 12, day: 2)
            let preview = try await world.dispatch().planDay(storeCode: "SH01", day: day, apply: false, by: dispatcher)
            #expect(!preview.applied)
            #expect(preview.placed.count + preview.waiting.count == 5)
            // R3.2: each automatic choice explains itself, as the one-order suggestion does.
            for placed in preview.placed {
                #expect(placed.assignment.score != nil)
                #expect(!placed.assignment.runnersUp.isEmpty, "\(placed.orderNumber)")
                #expect(placed.assignment.runnersUp.allSatisfy { !$0.reasons.isEmpty })
            }
            let stillQueued = try await world.dispatch().board(storeCode: "SH01", day: day, by: dispatcher)
            #expect(stillQueued.queue.count == 5)
            let applied = try await world.dispatch().planDay(storeCode: "SH01", day: day, apply: true, by: dispatcher)
            #expect(applied.placed.count == 5)
            let board = try await world.dispatch().board(storeCode: "SH01", day: day, by: dispatcher)
            #expect(board.queue.isEmpty)
            for lane in board.lanes {
                let jobs = lane.jobs.map(\.assignment).sorted { $0.start < $1.start }
                for (earlier, later) in zip(jobs, jobs.dropFirst()) {
                    // On-site jobs keep the 30-minute travel buffer.
                    #expect(earlier.end.addingTimeInterval(30 * 60) <= later.start)
                }
            }
            #expect(board.lanes.map(\.username).sorted() == ["sh.tech1", "sh.tech2", "sh.tech3"])
        }
    }

    @Test("only dispatchers and managers assign; other stores' orders are not found", arguments: TestEngine.available)
    func whoMayAssign(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder()
            let dispatch = world.dispatch()
            await #expect(throws: AppError.notAllowed) {
                try await dispatch.assign(
                    order.number, AssignmentRequest(target: .automatic), ifMatch: nil, by: world.technician("sh.tech1"))
            }
            await #expect(throws: AppError.notAllowed) {
                try await dispatch.assign(
                    order.number, AssignmentRequest(target: .automatic), ifMatch: nil,
                    by: Fixtures.caller(.receptionist, stores: ["SH01"]))
            }
            await #expect(throws: AppError.orderNotFound(order.number)) {
                try await dispatch.assign(
                    order.number, AssignmentRequest(target: .automatic), ifMatch: nil,
                    by: Fixtures.caller(.dispatcher, stores: ["BJ01"]))
            }
            _ = try await dispatch.assign(
                order.number, AssignmentRequest(target: .automatic), ifMatch: nil, by: DispatchFixtures.manager)
        }
    }

    @Test("cancelling an assigned order frees the technician's time", arguments: TestEngine.available)
    func cancelFreesTechnician(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let world = try await DispatchFixtures.seed(database)
            let first = try await world.confirmedOrder(phone: "13812345011")
            let second = try await world.confirmedOrder(phone: "13812345012")
            let tech1 = world.member("sh.tech1").id
            let dispatch = world.dispatch()
            _ = try await dispatch.assign(
                first.number, AssignmentRequest(target: .technician(tech1), reason: "熟客"), ifMatch: nil, by: dispatcher)
            _ = try await Fixtures.intake(database).cancel(
                first.number, reason: "客户临时取消", ifMatch: nil, by: Fixtures.agent)
            #expect(try await database.read { try await AssignmentRecords.find(orderID: first.id, on: $0) } == nil)
            let done = try await dispatch.assign(
                second.number,
                AssignmentRequest(target: .technician(tech1), start: first.appointment.start, reason: "补位"),
                ifMatch: nil, by: dispatcher)
            #expect(done.assignment?.start == first.appointment.start)
        }
    }
}

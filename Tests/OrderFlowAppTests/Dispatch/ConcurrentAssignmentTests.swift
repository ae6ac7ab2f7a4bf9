import Foundation
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@Suite("Dispatch: two dispatchers at the same moment")
struct ConcurrentAssignmentTests {
    /// Runs both assignments at once; returns how many succeeded and the errors of the others.
    static func race(
        _ first: @escaping @Sendable () async throws -> AssignedOrder,
        _ second: @escaping @Sendable () async throws -> AssignedOrder
    ) async -> (succeeded: Int, errors: [AppError]) {
        await withTaskGroup(of: Result<AssignedOrder, any Error>.self) { group in
            group.addTask { do { return .success(try await first()) } catch { return .failure(error) } }
            group.addTask { do { return .success(try await second()) } catch { return .failure(error) } }
            var succeeded = 0
            var errors: [AppError] = []
            for await result in group {
                switch result {
                case .success: succeeded += 1
                case .failure(let error as AppError): errors.append(error)
                case .failure(let error): Issue.record("unexpected \(String(reflecting: error))")
                }
            }
            return (succeeded, errors)
        }
    }

    static func isConflict(_ error: AppError) -> Bool {
        if case .conflict = error { return true }
        return false
    }

    @Test("the same order, one server: one assignment and a 409", arguments: TestEngine.available)
    func sameOrderOneServer(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let world = try await DispatchFixtures.seed(database)
            // One day per round, so that earlier rounds' bookings never decide a later one.
            for round in 0..<4 {
                let order = try await world.confirmedOrder(phone: "1391234500\(round)", daysAhead: 1 + round)
                let dispatch = world.dispatch()
                let (succeeded, errors) = await Self.race(
                    {
                        try await dispatch.assign(
                            order.number,
                            AssignmentRequest(target: .technician(world.member("sh.tech1").id), reason: "a"),
                            ifMatch: nil, by: DispatchFixtures.dispatcher)
                    },
                    {
                        try await dispatch.assign(
                            order.number,
                            AssignmentRequest(target: .technician(world.member("sh.tech2").id), reason: "b"),
                            ifMatch: nil, by: DispatchFixtures.otherDispatcher)
                    })
                #expect(succeeded == 1)
                #expect(errors.count == 1 && errors.allSatisfy(Self.isConflict), "\(errors)")
                let events = try await database.read { try await EventLog.events(of: order.id, on: $0) }
                #expect(events.filter { $0.type == OrderEventType.assigned.rawValue }.count == 1)
            }
        }
    }

    @Test("the same order, two servers sharing PostgreSQL: one assignment and a 409")
    func sameOrderTwoServers() async throws {
        guard TestEngine.available.contains(.postgres) else { return }
        try await TestDatabase.withTwoPostgresInstances { first, second in
            let world = try await DispatchFixtures.seed(first)
            let left = DispatchService(database: first, environment: .at { Fixtures.now }, logger: TestDatabase.logger)
            let right = DispatchService(
                database: second, environment: .at { Fixtures.now }, logger: TestDatabase.logger)
            for round in 0..<4 {
                let order = try await world.confirmedOrder(phone: "1371234500\(round)", daysAhead: 1 + round)
                let (succeeded, errors) = await Self.race(
                    {
                        try await left.assign(
                            order.number, AssignmentRequest(target: .automatic), ifMatch: nil,
                            by: DispatchFixtures.dispatcher)
                    },
                    {
                        try await right.assign(
                            order.number, AssignmentRequest(target: .automatic), ifMatch: nil,
                            by: DispatchFixtures.otherDispatcher)
                    })
                #expect(succeeded == 1)
                #expect(errors.count == 1 && errors.allSatisfy(Self.isConflict))
            }
        }
    }

    @Test("two orders on one technician at once, two servers: never double-booked")
    func sameTechnicianTwoServers() async throws {
        guard TestEngine.available.contains(.postgres) else { return }
        try await TestDatabase.withTwoPostgresInstances { first, second in
            let world = try await DispatchFixtures.seed(first)
            let left = DispatchService(database: first, environment: .at { Fixtures.now }, logger: TestDatabase.logger)
            let right = DispatchService(
                database: second, environment: .at { Fixtures.now }, logger: TestDatabase.logger)
            let tech1 = world.member("sh.tech1").id
            for round in 0..<4 {
                let one = try await world.confirmedOrder(phone: "1361234500\(round)", daysAhead: 1 + round)
                let two = try await world.confirmedOrder(phone: "1351234500\(round)", daysAhead: 1 + round)
                let request = AssignmentRequest(target: .technician(tech1), start: one.appointment.start, reason: "r")
                let (succeeded, errors) = await Self.race(
                    { try await left.assign(one.number, request, ifMatch: nil, by: DispatchFixtures.dispatcher) },
                    { try await right.assign(two.number, request, ifMatch: nil, by: DispatchFixtures.otherDispatcher) })
                #expect(succeeded == 1)
                #expect(errors.count == 1)
                if case .invalid(let problems) = errors.first {
                    #expect(problems.map(\.code) == ["dispatch.overlaps"])
                } else {
                    Issue.record("expected an overlap refusal, got \(errors)")
                }
            }
        }
    }
}

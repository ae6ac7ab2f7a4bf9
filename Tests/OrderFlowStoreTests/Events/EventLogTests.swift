import Foundation
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import SQLKit
import Testing

@Suite("R1.2 R8.3 event log")
struct EventLogTests {
    /// Stores one order so that events can reference it.
    static func storeOrder(_ database: any OrderFlowDatabase) async throws -> Order {
        try await Fixtures.seed(database)
        let order = try Fixtures.intakeCheck.check(Fixtures.draft()).get()
            .makeOrder(
                id: UUID(), number: "SH01-20261201-0001", status: .confirmed, reviewReasons: [], at: Fixtures.now)
        try await database.write { try await OrderRecords.insert(order, on: $0) }
        return order
    }

    @Test("events chain by hash, in sequence, and verify", arguments: TestEngine.available)
    func chain(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let order = try await Self.storeOrder(database)
            try await database.write { db in
                for (index, type) in [OrderEventType.received, .reviewRequested, .approved].enumerated() {
                    try await EventLog.append(
                        orderID: order.id, type: type, actor: Fixtures.agent.actor,
                        at: Fixtures.now.addingTimeInterval(Double(index)), payloadJSON: "{\"n\":\(index)}", on: db)
                }
            }
            let events = try await database.read { try await EventLog.events(of: order.id, on: $0) }
            #expect(events.map(\.sequence) == [1, 2, 3])
            #expect(events[1].previousHash == events[0].hash)
            #expect(events[2].previousHash == events[1].hash)
            #expect(EventLog.firstBrokenLink(in: events) == nil)
        }
    }

    @Test("an edited, removed or reordered event is detected")
    func tamperDetection() async throws {
        try await TestDatabase.with(.sqlite) { database in
            let order = try await Self.storeOrder(database)
            try await database.write { db in
                for type in [OrderEventType.received, .reviewRequested, .rejected] {
                    try await EventLog.append(
                        orderID: order.id, type: type, actor: Fixtures.agent.actor, at: Fixtures.now, payloadJSON: "{}",
                        on: db)
                }
            }
            let events = try await database.read { try await EventLog.events(of: order.id, on: $0) }
            var edited = events
            edited[1].payloadJSON = "{\"reason\":\"changed\"}"
            #expect(EventLog.firstBrokenLink(in: edited) == 2)
            var removed = events
            removed.remove(at: 1)
            #expect(EventLog.firstBrokenLink(in: removed) == 3)
            var renamed = events
            renamed[2].actor = "staff:someone-else"
            #expect(EventLog.firstBrokenLink(in: renamed) == 3)
        }
    }

    @Test("the database itself refuses to update or delete an event", arguments: TestEngine.available)
    func appendOnly(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let order = try await Self.storeOrder(database)
            try await database.write { db in
                try await EventLog.append(
                    orderID: order.id, type: .received, actor: Fixtures.agent.actor, at: Fixtures.now,
                    payloadJSON: "{}",
                    on: db)
            }
            await #expect(throws: (any Error).self) {
                try await database.write { try await $0.raw("UPDATE order_events SET actor = 'x'").run() }
            }
            await #expect(throws: (any Error).self) {
                try await database.write { try await $0.raw("DELETE FROM order_events").run() }
            }
            let events = try await database.read { try await EventLog.events(of: order.id, on: $0) }
            #expect(events.count == 1)
            #expect(events.first?.actor == Fixtures.agent.actor.description)
        }
    }
}

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

    @Test("R8.3 events cut off the end of an order's chain are detected by its head", arguments: TestEngine.available)
    func cutOffEnd(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let order = try await Self.storeOrder(database)
            try await database.write { db in
                try await EventLog.start(
                    orderID: order.id,
                    with: [.init(type: .received, actor: Fixtures.agent.actor, payloadJSON: "{}")], at: Fixtures.now,
                    on: db)
                for type in [OrderEventType.reviewRequested, .approved] {
                    try await EventLog.append(
                        orderID: order.id, type: type, actor: Fixtures.agent.actor, at: Fixtures.now, payloadJSON: "{}",
                        on: db)
                }
            }
            let head = try await database.read { try await EventLog.head(of: order.id, on: $0) }
            #expect(head?.sequence == 3)
            let events = try await database.read { try await EventLog.events(of: order.id, on: $0) }
            #expect(EventLog.firstBrokenLink(in: events, head: head) == nil)
            try await AuditLogTests.withoutAppendOnlyGuard("order_events", on: database) { db in
                try await db.raw("DELETE FROM order_events WHERE sequence = 3").run()
            }
            let cut = try await database.read { try await EventLog.events(of: order.id, on: $0) }
            #expect(EventLog.firstBrokenLink(in: cut) == nil)
            #expect(EventLog.firstBrokenLink(in: cut, head: head) == 3)
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

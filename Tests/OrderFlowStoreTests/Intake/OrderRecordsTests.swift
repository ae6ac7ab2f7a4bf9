import Foundation
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import SQLKit
import Testing

@Suite("Orders table")
struct OrderRecordsTests {
    static func makeOrder(
        number: String, createdAt: Date, phone: String = "13812345678", status: OrderStatus = .confirmed
    )
        throws -> Order
    {
        try Fixtures.intakeCheck.check(Fixtures.draft(phone: phone)).get()
            .makeOrder(id: UUID(), number: number, status: status, reviewReasons: [], at: createdAt)
    }

    @Test("an order reads back exactly as written", arguments: TestEngine.available)
    func roundTrip(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            var draft = Fixtures.draft(quantity: 3)
            draft.lines?.append(
                LineDraft(
                    itemCode: "PHONE-SCREEN", specification: "iPhone 14", quantity: 1, unitPrice: 35_000,
                    priceOverrideReason: "以旧换新"))
            draft.notes = "请带鞋套'; DROP TABLE orders; --"
            let order = try Fixtures.intakeCheck.check(draft).get().makeOrder(
                id: UUID(), number: "SH01-20261201-0001", status: .pendingReview,
                reviewReasons: [.keyCustomer, .possibleDuplicate(of: "SH01-20261130-0002")], at: Fixtures.now)
            try await database.write { try await OrderRecords.insert(order, on: $0) }
            let byID = try await database.read { try await OrderRecords.find(id: order.id, on: $0) }
            let byNumber = try await database.read { try await OrderRecords.find(number: order.number, on: $0) }
            #expect(byID == order)
            #expect(byNumber == order)
        }
    }

    @Test("a write based on a stale version is refused", arguments: TestEngine.available)
    func optimisticConcurrency(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            var order = try Self.makeOrder(
                number: "SH01-20261201-0001", createdAt: Fixtures.now, status: .pendingReview)
            try await database.write { [order] in try await OrderRecords.insert(order, on: $0) }
            order.status = .confirmed
            let saved = try await database.write { [order] in
                try await OrderRecords.updateStatus(order, expectedVersion: 1, on: $0)
            }
            #expect(saved.version == 2)
            await #expect(throws: StoreError.staleVersion) {
                try await database.write { [order] in
                    try await OrderRecords.updateStatus(order, expectedVersion: 1, on: $0)
                }
            }
        }
    }

    @Test("the list filters, orders newest first and pages with a stable cursor", arguments: TestEngine.available)
    func listAndPaging(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let orders = try (0..<7).map { index in
                try Self.makeOrder(
                    number: "SH01-20261201-000\(index)", createdAt: Fixtures.now.addingTimeInterval(Double(index % 3)),
                    phone: index.isMultiple(of: 2) ? "13900000000" : "13812345678")
            }
            try await database.write { db in for order in orders { try await OrderRecords.insert(order, on: db) } }

            var seen: [String] = []
            var cursor: OrderCursor?
            repeat {
                let page = try await database.read { [cursor] in
                    try await OrderRecords.list(OrderQuery(limit: 3, after: cursor), on: $0)
                }
                seen += page.orders.map(\.number)
                cursor = page.next
            } while cursor != nil
            #expect(seen.count == 7)
            #expect(Set(seen).count == 7)
            let expected = orders.sorted { ($0.createdAt, $0.id.uuidString) > ($1.createdAt, $1.id.uuidString) }.map(
                \.number)
            #expect(seen == expected)

            let byPhone = try await database.read {
                try await OrderRecords.list(OrderQuery(phone: "13900000000"), on: $0)
            }
            #expect(byPhone.orders.count == 4)
            let byNumber = try await database.read {
                try await OrderRecords.list(OrderQuery(orderNumber: "SH01-20261201-0003"), on: $0)
            }
            #expect(byNumber.orders.map(\.number) == ["SH01-20261201-0003"])
            let none = try await database.read {
                try await OrderRecords.list(OrderQuery(status: .rejected), on: $0)
            }
            #expect(none.orders.isEmpty)
            #expect(none.next == nil)
        }
    }

    @Test(
        "order number sequences are per store and day, without gaps under concurrency", arguments: TestEngine.available)
    func numberCounter(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let day = LocalDate(year: 2026, month: 12, day: 1)
            let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await database.write {
                            try await OrderNumberCounter.next(storeCode: "SH01", day: day, on: $0)
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(numbers.sorted() == Array(1...20))
            let otherDay = try await database.write {
                try await OrderNumberCounter.next(
                    storeCode: "SH01", day: LocalDate(year: 2026, month: 12, day: 2), on: $0)
            }
            #expect(otherDay == 1)
        }
    }

    @Test("cursor tokens round-trip and forged ones are refused")
    func cursorTokens() {
        let cursor = OrderCursor(createdAt: 1_796_090_400_000, id: UUID().uuidString)
        #expect(OrderCursor(token: cursor.token) == cursor)
        #expect(OrderCursor(token: "not-a-cursor") == nil)
        #expect(OrderCursor(token: String(repeating: "A", count: 500)) == nil)
    }
}

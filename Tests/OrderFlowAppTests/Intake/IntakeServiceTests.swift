import Foundation
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import SQLKit
import Testing

@Suite("R2 intake use case")
struct IntakeServiceTests {
    @Test("R2.3 a clean order is confirmed at once, numbered, with its timeline", arguments: TestEngine.available)
    func autoConfirmed(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let intake = Fixtures.intake(database)
            let created = try await intake.createOrder(Fixtures.draft(), by: Fixtures.agent)
            #expect(!created.replayed)
            #expect(created.order.order.status == .confirmed)
            #expect(created.order.order.number == "SH01-20261201-0001")
            #expect(created.order.order.version == 1)
            let second = try await intake.createOrder(Fixtures.draft(phone: "13900000000"), by: Fixtures.agent)
            #expect(second.order.order.number == "SH01-20261201-0002")

            let (order, entries, intact) = try await intake.timeline(created.order.order.number, by: Fixtures.agent)
            #expect(order == created.order)
            #expect(intact)
            #expect(entries.map(\.type) == [.received, .autoConfirmed])
            #expect(entries.first?.actor == "staff:agent-1")
            #expect(entries.first?.payload.order?.status == .received)
            // The intake record carries the number handed out in the same write.
            #expect(entries.first?.payload.order?.number == created.order.order.number)
        }
    }

    @Test("R2.4 a matching order waits in the review queue with its reasons", arguments: TestEngine.available)
    func routedToReview(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let intake = Fixtures.intake(database)
            var draft = Fixtures.draft(quantity: 20)
            draft.customer?.tier = .key
            let created = try await intake.createOrder(draft, by: Fixtures.agent)
            #expect(created.order.order.status == .pendingReview)
            #expect(created.order.order.reviewReasons.map(\.code) == ["amount.atOrAboveThreshold", "customer.key"])
            let queue = try await intake.reviewQueue(storeCode: nil, limit: 10, after: nil, by: Fixtures.reviewer)
            #expect(queue.orders.map(\.order.id) == [created.order.order.id])
            let timeline = try await intake.timeline(created.order.order.id.uuidString, by: Fixtures.agent)
            #expect(timeline.entries.last?.payload.reviewReasons?.count == 2)
        }
    }

    @Test(
        "R2.4 the same phone and item within days is flagged as a possible duplicate", arguments: TestEngine.available)
    func duplicateSuspicion(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let intake = Fixtures.intake(database)
            let first = try await intake.createOrder(Fixtures.draft(daysAhead: 1), by: Fixtures.agent)
            let second = try await intake.createOrder(Fixtures.draft(daysAhead: 3), by: Fixtures.agent)
            #expect(first.order.order.status == .confirmed)
            #expect(second.order.order.status == .pendingReview)
            #expect(second.order.order.reviewReasons.first?.relatedOrderNumber == first.order.order.number)
        }
    }

    @Test("R2.3 invalid input writes nothing and returns every problem", arguments: TestEngine.available)
    func invalidWritesNothing(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let intake = Fixtures.intake(database)
            var draft = Fixtures.draft()
            draft.customer?.phone = "123"
            draft.total = 1
            do {
                _ = try await intake.createOrder(draft, by: Fixtures.agent, idempotencyKey: "k1")
                Issue.record("an invalid order was accepted")
            } catch AppError.invalid(let problems) {
                #expect(Set(problems.map(\.code)) == ["phone.format", "total.mismatch"])
            }
            let counts = try await database.read { db in
                try await ["orders", "order_lines", "order_events", "idempotency_keys", "order_number_counters"]
                    .asyncMap {
                        try await db.raw("SELECT COUNT(*) AS n FROM \(ident: $0)").first()?.decode(
                            column: "n", as: Int64.self)
                    }
            }
            #expect(counts == [0, 0, 0, 0, 0])
        }
    }

    @Test(
        "an idempotency key returns the first answer; reused for another body it is refused",
        arguments: TestEngine.available)
    func idempotency(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let intake = Fixtures.intake(database)
            let first = try await intake.createOrder(Fixtures.draft(), by: Fixtures.agent, idempotencyKey: "retry-1")
            let again = try await intake.createOrder(Fixtures.draft(), by: Fixtures.agent, idempotencyKey: "retry-1")
            #expect(again.replayed)
            #expect(again.order == first.order)
            #expect(again.order.order.number == "SH01-20261201-0001")
            await #expect(throws: AppError.idempotencyKeyReused) {
                try await intake.createOrder(
                    Fixtures.draft(phone: "13900000000"), by: Fixtures.agent, idempotencyKey: "retry-1")
            }
            // Keys are per caller: another caller's same key is a different request.
            let other = try await intake.createOrder(
                Fixtures.draft(phone: "13900000000"),
                by: Caller(actor: Actor(kind: .integration, id: "other"), grants: Fixtures.agent.grants),
                idempotencyKey: "retry-1")
            #expect(!other.replayed)
            let total = try await intake.orders(OrderQuery(), by: Fixtures.agent)
            #expect(total.orders.count == 2)
        }
    }

    @Test("concurrent retries with one key create exactly one order", arguments: TestEngine.available)
    func concurrentIdempotency(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let intake = Fixtures.intake(database)
            let ids = try await withThrowingTaskGroup(of: UUID.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await intake.createOrder(Fixtures.draft(), by: Fixtures.agent, idempotencyKey: "burst")
                            .order.order.id
                    }
                }
                return try await group.reduce(into: Set<UUID>()) { $0.insert($1) }
            }
            #expect(ids.count == 1)
            #expect(try await intake.orders(OrderQuery(), by: Fixtures.agent).orders.count == 1)
        }
    }

    @Test("R2.1 a platform re-sending its order gets the first order back", arguments: TestEngine.available)
    func platformIdempotency(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let intake = Fixtures.intake(database)
            var draft = Fixtures.draft(channel: .platform)
            draft.platformName = "meituan"
            draft.paymentMethod = .platform
            draft.externalReference = "MT-889900"
            let platform = Caller.platform("meituan")
            let first = try await intake.createOrder(draft, by: platform)
            let again = try await intake.createOrder(draft, by: platform)
            #expect(again.replayed)
            #expect(again.order.order.id == first.order.order.id)
            #expect(first.order.order.channel == .platform("meituan"))
        }
    }

    @Test("R2.4 approve and reject need a pending order; rejection needs a reason", arguments: TestEngine.available)
    func reviewDecisions(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let intake = Fixtures.intake(database)
            let pending = try await intake.createOrder(Fixtures.draft(quantity: 20), by: Fixtures.agent).order.order
            await #expect(throws: AppError.self) {
                try await intake.reject(pending.number, reason: "  ", ifMatch: nil, by: Fixtures.reviewer)
            }
            let approved = try await intake.approve(pending.number, note: "已核实", ifMatch: 1, by: Fixtures.reviewer)
            #expect(approved.order.status == .confirmed)
            #expect(approved.order.version == 2)
            do {
                _ = try await intake.reject(pending.number, reason: "太贵", ifMatch: nil, by: Fixtures.reviewer)
                Issue.record("a confirmed order was rejected")
            } catch AppError.conflict(let code, _) {
                #expect(code == "order.notPendingReview")
            }
            let (_, entries, intact) = try await intake.timeline(pending.number, by: Fixtures.agent)
            #expect(entries.map(\.type) == [.received, .reviewRequested, .approved])
            #expect(entries.last?.payload.reason == "已核实")
            #expect(entries.last?.actor == "staff:reviewer-1")
            #expect(intact)
        }
    }

    @Test("a stale If-Match is refused with the current version", arguments: TestEngine.available)
    func staleIfMatch(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let intake = Fixtures.intake(database)
            let pending = try await intake.createOrder(Fixtures.draft(quantity: 20), by: Fixtures.agent).order.order
            await #expect(throws: AppError.versionMismatch(current: 1, record: .order)) {
                try await intake.approve(pending.number, note: nil, ifMatch: 7, by: Fixtures.reviewer)
            }
            #expect(try await intake.order(pending.number, by: Fixtures.agent).order.status == .pendingReview)
        }
    }

    @Test("two concurrent approvals: one wins, the other is a conflict", arguments: TestEngine.available)
    func concurrentApprovals(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let intake = Fixtures.intake(database)
            let pending = try await intake.createOrder(Fixtures.draft(quantity: 20), by: Fixtures.agent).order.order
            let outcomes = await withTaskGroup(of: String.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        do {
                            _ = try await intake.approve(pending.number, note: nil, ifMatch: nil, by: Fixtures.reviewer)
                            return "approved"
                        } catch AppError.conflict {
                            return "conflict"
                        } catch {
                            return "other: \(error)"
                        }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.sorted() == ["approved", "conflict"])
            let (order, entries, _) = try await intake.timeline(pending.number, by: Fixtures.agent)
            #expect(order.order.version == 2)
            #expect(entries.filter { $0.type == .approved }.count == 1)
        }
    }

    @Test("cancel keeps its reason; a cancelled order cannot be approved", arguments: TestEngine.available)
    func cancellation(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let intake = Fixtures.intake(database)
            let order = try await intake.createOrder(Fixtures.draft(), by: Fixtures.agent).order.order
            let cancelled = try await intake.cancel(order.number, reason: "客户改期", ifMatch: nil, by: Fixtures.agent)
            #expect(cancelled.order.status == .cancelled)
            await #expect(throws: AppError.self) {
                try await intake.cancel(order.number, reason: "again", ifMatch: nil, by: Fixtures.agent)
            }
            await #expect(throws: AppError.orderNotFound("SH01-20991231-9999")) {
                try await intake.order("SH01-20991231-9999", by: Fixtures.agent)
            }
        }
    }

    @Test("a catalog change reaches an instance that already cached the catalog", arguments: TestEngine.available)
    func referenceCacheFollowsChanges(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let intake = Fixtures.intake(database)
            let before = try await intake.createOrder(Fixtures.draft(), by: Fixtures.agent)
            #expect(before.order.order.total == Money(fen: 12_800))
            var repriced = Fixtures.acClean
            repriced.unitPrice = Money(fen: 13_800)
            var closedStore = Fixtures.store
            closedStore.holidays.insert(LocalDate(year: 2026, month: 12, day: 3))
            try await ReferenceDataService(database: database, environment: .at { Fixtures.now })
                .save(stores: [closedStore], items: [repriced])
            let after = try await intake.createOrder(Fixtures.draft(phone: "13900000000"), by: Fixtures.agent)
            #expect(after.order.order.total == Money(fen: 13_800))
            await #expect(
                throws: AppError.invalid([
                    IntakeProblem.holiday("appointmentStart", date: LocalDate(year: 2026, month: 12, day: 3))
                ])
            ) {
                try await intake.createOrder(Fixtures.draft(phone: "13700000000", daysAhead: 2), by: Fixtures.agent)
            }
        }
    }

    @Test("the review policy is validated and applies to new orders", arguments: TestEngine.available)
    func policyUpdate(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let intake = Fixtures.intake(database)
            await #expect(throws: AppError.self) {
                try await intake.updateReviewPolicy(ReviewPolicy(blockedPhones: ["bad"]), by: Fixtures.administrator)
            }
            let saved = try await intake.updateReviewPolicy(
                ReviewPolicy(blockedPhones: ["139 0000 0000"]), by: Fixtures.administrator)
            #expect(saved.blockedPhones == ["13900000000"])
            #expect(try await intake.reviewPolicy(by: Fixtures.reviewer) == saved)
            let blocked = try await intake.createOrder(Fixtures.draft(phone: "13900000000"), by: Fixtures.agent)
            #expect(blocked.order.order.reviewReasons.map(\.code) == ["phone.blocked"])
        }
    }
}

extension Sequence where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}

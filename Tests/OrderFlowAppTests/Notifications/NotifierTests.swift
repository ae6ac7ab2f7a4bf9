import Foundation
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import SQLKit
import Synchronization
import Testing

/// The edge of the network for these tests: it records what would have
/// gone out, and fails the first `failures` sends (permanently if asked).
/// The real SMTP, SMS-gateway and webhook transports are exercised over
/// real connections in OrderFlowHTTPTests and tests/system.
final class RecordingTransport: MessageTransport {
    private let state: Mutex<(sent: [OutgoingMessage], failuresLeft: Int)>
    let permanent: Bool

    init(failures: Int = 0, permanent: Bool = false) {
        state = Mutex(([], failures))
        self.permanent = permanent
    }

    var sent: [OutgoingMessage] { state.withLock { $0.sent } }

    func send(_ message: OutgoingMessage) async throws {
        let fail = state.withLock { state -> Bool in
            if state.failuresLeft > 0 {
                state.failuresLeft -= 1
                return true
            }
            state.sent.append(message)
            return false
        }
        if fail { throw TransportFailure("stand-in refused", permanent: permanent) }
    }
}

/// A slow relay: each send moves the shared clock on by `seconds` (less
/// than a lease, as a transport's timeout is), so a batch outlasts the
/// lease it was claimed with. The call numbered `holdOnCall` waits until
/// the test opens the gate, so the other sender can be run meanwhile.
final class SlowRelay: MessageTransport {
    let clock: TestClock
    let seconds: TimeInterval
    let log: RecordingTransport
    let holdOnCall: Int?
    private let calls = Mutex(0)
    let held: AsyncStream<Void>
    private let heldContinuation: AsyncStream<Void>.Continuation
    private let gate: AsyncStream<Void>
    private let gateContinuation: AsyncStream<Void>.Continuation

    init(clock: TestClock, seconds: TimeInterval, log: RecordingTransport, holdOnCall: Int? = nil) {
        self.clock = clock
        self.seconds = seconds
        self.log = log
        self.holdOnCall = holdOnCall
        (held, heldContinuation) = AsyncStream.makeStream()
        (gate, gateContinuation) = AsyncStream.makeStream()
    }

    func open() { gateContinuation.yield() }

    func send(_ message: OutgoingMessage) async throws {
        clock.advance(by: seconds)
        let call = calls.withLock { count -> Int in
            count += 1
            return count
        }
        if call == holdOnCall {
            heldContinuation.yield()
            for await _ in gate { break }
        }
        try await log.send(message)
    }
}

@Suite("Notifications: the outbox and its sender (B3)")
struct NotifierTests {
    static func notifier(
        _ database: any OrderFlowDatabase, _ clock: TestClock, sms: RecordingTransport = RecordingTransport(),
        email: RecordingTransport = RecordingTransport(), webhook: RecordingTransport = RecordingTransport(),
        retry: DeliveryRetry = DeliveryRetry()
    ) -> Notifier {
        Notifier(
            database: database, environment: clock.environment, logger: TestDatabase.logger,
            transports: NotificationTransports(sms: sms, email: email, webhook: webhook),
            publicBaseURL: "https://orderflow.example.com", retry: retry)
    }

    static func order(
        _ database: any OrderFlowDatabase, phone: String = "13812345678", email: String? = "kehu@example.com",
        language: Language? = .en
    ) async throws -> Order {
        var draft = Fixtures.draft(phone: phone)
        draft.customer?.email = email
        draft.customer?.language = language
        return try await Fixtures.intake(database).createOrder(draft, by: Fixtures.agent).order.order
    }

    static func deliveries(_ database: any OrderFlowDatabase) async throws -> [NotificationDelivery] {
        try await database.read {
            try await NotificationDeliveryRecords.list(status: nil, stores: nil, limit: 1000, on: $0)
        }.sorted { ($0.createdAt, $0.channel.rawValue) < ($1.createdAt, $1.channel.rawValue) }
    }

    @Test(
        "B3 the notice is queued in the transaction of the change, and rolled back with it",
        arguments: TestEngine.available)
    func outboxInTheSameTransaction(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let order = try await Self.order(database)
            let topics = try await database.read {
                try await $0.raw("SELECT topic FROM notification_outbox WHERE order_id = \(bind: order.id.uuidString)")
                    .all().map { try $0.decode(column: "topic", as: String.self) }
            }
            // Received and confirmed at once: one notice, "confirmed".
            #expect(topics == ["orderConfirmed"])
            struct Abandoned: Error {}
            await #expect(throws: Abandoned.self) {
                try await database.write { db in
                    try await EventLog.append(
                        orderID: order.id, type: .cancelled, actor: Fixtures.agent.actor, at: Fixtures.now,
                        payloadJSON: "{}", on: db)
                    throw Abandoned()
                }
            }
            let after = try await database.read {
                try await $0.raw("SELECT COUNT(*) AS n FROM notification_outbox").first()?.decode(
                    column: "n", as: Int.self)
            }
            #expect(after == 1)
        }
    }

    @Test("B3 SMS and e-mail in the customer's language with a working link; webhooks get no personal data")
    func deliveriesOfAnEvent() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await Fixtures.seed(database)
            let clock = TestClock()
            let service = NotificationService(
                database: database, environment: clock.environment, logger: TestDatabase.logger)
            let endpoint = try await service.addWebhookEndpoint(
                url: "https://partner.example.com/hook", by: Fixtures.administrator)
            #expect(endpoint.secret.hasPrefix("whsec_"))
            let order = try await Self.order(database)
            let sms = RecordingTransport()
            let email = RecordingTransport()
            let webhook = RecordingTransport()
            let notifier = Self.notifier(database, clock, sms: sms, email: email, webhook: webhook)
            #expect(try await notifier.expandPending() == 1)
            #expect(try await notifier.sendDue() == Notifier.SendOutcome(sent: 3))
            let text = try #require(sms.sent.first)
            #expect(text.recipient == "13812345678")
            #expect(text.body.hasPrefix("[Shanghai Xuhui] Your order \(order.number) is confirmed for"))
            let mail = try #require(email.sent.first)
            #expect(mail.recipient == "kehu@example.com")
            #expect(mail.subject == "Shanghai Xuhui: order \(order.number), order confirmed")
            let hook = try #require(webhook.sent.first)
            #expect(hook.recipient == "https://partner.example.com/hook")
            #expect(hook.signingSecret == endpoint.secret)
            #expect(hook.body.contains("\"event\":\"order.autoConfirmed\""))
            #expect(!hook.body.contains("13812345678") && !hook.body.contains("kehu") && !hook.body.contains("张伟"))
            // The link in the message opens the customer's tracking page.
            let token = try #require(text.body.components(separatedBy: "/track/").last)
            let tracked = try await OnlineBookingService(database: database, logger: TestDatabase.logger)
                .track(token: token)
            #expect(tracked.order.number == order.number)
            #expect(try await notifier.sendDue() == Notifier.SendOutcome())
        }
    }

    @Test("B3 a customer who stopped SMS gets e-mail only; a day-old event tells the customer nothing")
    func optOutAndStaleNews() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await Fixtures.seed(database)
            let clock = TestClock()
            let order = try await Self.order(database, language: nil)
            let sms = RecordingTransport()
            let notifier = Self.notifier(database, clock, sms: sms)
            try await notifier.expandPending()
            try await notifier.sendDue()
            #expect(sms.sent.first?.body.hasPrefix("【上海徐汇店】您的订单") == true)
            let token = try #require(sms.sent.first?.body.components(separatedBy: "/track/").last)
            let service = NotificationService(
                database: database, environment: clock.environment, logger: TestDatabase.logger)
            try await service.setChannel(.sms, stopped: true, trackingToken: token)
            #expect(try await service.customerChannels(trackingToken: token).map(\.stopped) == [true, false])
            _ = try await Fixtures.intake(database).cancel(
                order.number, reason: "客户临时出差", ifMatch: nil, by: Fixtures.agent)
            try await notifier.expandPending()
            let cancelled = try await Self.deliveries(database).filter { $0.topic == .orderCancelled }
            #expect(cancelled.map(\.channel) == [.email])
            #expect(cancelled.first?.message.body.contains("客户临时出差") == true)
            // An order whose events the notifier sees only a day later: nothing to the customer.
            let late = try await Self.order(database, phone: "13912345678")
            clock.advance(by: 25 * 3600)
            try await notifier.expandPending()
            #expect(try await Self.deliveries(database).filter { $0.orderID == late.id }.isEmpty)
        }
    }

    @Test("B3 failures are retried with backoff; the last failure is dead; staff send it again")
    func retriesAndDeadLetters() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await Fixtures.seed(database)
            let clock = TestClock()
            _ = try await Self.order(database, email: nil)
            let sms = RecordingTransport(failures: 3)
            let notifier = Self.notifier(
                database, clock, sms: sms, retry: DeliveryRetry(baseSeconds: 30, capSeconds: 3600, maxAttempts: 3))
            try await notifier.expandPending()
            #expect(try await notifier.sendDue() == Notifier.SendOutcome(retried: 1))
            var delivery = try #require(try await Self.deliveries(database).first)
            #expect(delivery.attempts == 1)
            let wait = try #require(delivery.nextAttemptAt).timeIntervalSince(clock.now)
            #expect(wait >= 30 && wait <= 36)
            #expect(try await notifier.sendDue() == Notifier.SendOutcome())
            clock.advance(by: 40)
            #expect(try await notifier.sendDue() == Notifier.SendOutcome(retried: 1))
            clock.advance(by: 80)
            #expect(try await notifier.sendDue() == Notifier.SendOutcome(dead: 1))
            delivery = try #require(try await Self.deliveries(database).first)
            #expect(delivery.status == .dead)
            #expect(delivery.lastError == "stand-in refused")
            let service = NotificationService(
                database: database, environment: clock.environment, logger: TestDatabase.logger)
            let manager = Fixtures.caller(.storeManager, stores: ["SH01"])
            #expect(try await service.deliveries(status: .dead, by: manager).map(\.id) == [delivery.id])
            await #expect(throws: AppError.notAllowed) {
                try await service.deliveries(status: .dead, by: Fixtures.caller(.receptionist, stores: ["SH01"]))
            }
            await #expect(throws: AppError.self) {
                try await service.retryDelivery(delivery.id, by: Fixtures.caller(.storeManager, stores: ["BJ01"]))
            }
            let revived = try await service.retryDelivery(delivery.id, by: manager)
            #expect(revived.status == .pending && revived.attempts == 0)
            #expect(try await notifier.sendDue() == Notifier.SendOutcome(sent: 1))
            #expect(sms.sent.count == 1)
            await #expect(throws: AppError.self) { try await service.retryDelivery(delivery.id, by: manager) }
        }
    }

    @Test("B3 a permanent refusal is dead at once, without waiting through the retries")
    func permanentFailure() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await Fixtures.seed(database)
            let clock = TestClock()
            _ = try await Self.order(database, email: nil)
            let notifier = Self.notifier(database, clock, sms: RecordingTransport(failures: 1, permanent: true))
            try await notifier.expandPending()
            #expect(try await notifier.sendDue() == Notifier.SendOutcome(dead: 1))
        }
    }

    @Test("B3 a batch goes out several orders at a time, but one order's messages one after the other")
    func parallelAcrossOrdersInOrderWithin() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await Fixtures.seed(database)
            var orderOfRecipient: [String: Int] = [:]
            for index in 0..<10 {
                let phone = "138123456\(10 + index)"
                let email = "kehu\(index)@example.com"
                _ = try await Self.order(database, phone: phone, email: email)
                orderOfRecipient[phone] = index
                orderOfRecipient[email] = index
            }
            let clock = TestClock()
            try await Self.notifier(database, clock).expandPending()
            let transport = OverlapTransport(orderOfRecipient: orderOfRecipient)
            let notifier = Notifier(
                database: database, environment: clock.environment, logger: TestDatabase.logger,
                transports: NotificationTransports(sms: transport, email: transport),
                publicBaseURL: "https://o.example.com")
            let outcome = try await notifier.sendDue(batchSize: 20)
            #expect(outcome.sent == 20)
            #expect(transport.mostAtOnce > 1, "sent one at a time")
            #expect(!transport.oneOrderTwiceAtOnce, "two messages of one order were on their way at once")
        }
    }

    @Test("B3 a turn expands and sends a bounded share, so steady intake cannot keep messages waiting")
    func boundedTurn() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await Fixtures.seed(database)
            for index in 0..<5 { _ = try await Self.order(database, phone: "138123456\(10 + index)", email: nil) }
            let clock = TestClock()
            let sms = RecordingTransport()
            let notifier = Self.notifier(database, clock, sms: sms)
            #expect(try await notifier.expandPending(batchSize: 2, maxBatches: 1) == 2)
            #expect(try await database.read { try await NotificationOutboxRecords.anyPending(on: $0) })
            #expect(try await notifier.sendDue(batchSize: 1, maxBatches: 1).sent == 1)
            #expect(sms.sent.count == 1)
            // The rest on later turns.
            #expect(try await notifier.expandPending() == 3)
            #expect(try await notifier.sendDue().sent == 4)
        }
    }

    @Test("B3 two senders sharing PostgreSQL send each delivery once")
    func twoInstances() async throws {
        guard TestEngine.available.contains(.postgres) else { return }
        try await TestDatabase.withTwoPostgresInstances { first, second in
            try await Fixtures.seed(first)
            for index in 0..<30 { _ = try await Self.order(first, phone: "138123456\(10 + index)") }
            let clock = TestClock()
            let sms = RecordingTransport()
            let email = RecordingTransport()
            let one = Self.notifier(first, clock, sms: sms, email: email)
            let two = Self.notifier(second, clock, sms: sms, email: email)
            async let a: Void = {
                _ = try await one.expandPending(batchSize: 4)
                _ = try await one.sendDue(batchSize: 3)
            }()
            async let b: Void = {
                _ = try await two.expandPending(batchSize: 4)
                _ = try await two.sendDue(batchSize: 3)
            }()
            _ = try await (a, b)
            #expect(sms.sent.count == 30)
            #expect(Set(sms.sent.map(\.deliveryID)).count == 30)
            #expect(email.sent.count == 30)
            #expect(try await Self.deliveries(first).allSatisfy { $0.status == .sent })
        }
    }

    /// Two senders: the first claims every delivery, then its batch outlasts
    /// the lease; the second takes over what is left meanwhile. Each delivery
    /// goes out once, and the first sender records nothing it no longer holds.
    static func slowRelayRace(_ first: any OrderFlowDatabase, _ second: any OrderFlowDatabase) async throws {
        try await Fixtures.seed(first)
        for index in 0..<12 { _ = try await Self.order(first, phone: "139123456\(10 + index)", email: nil) }
        let clock = TestClock()
        try await Self.notifier(first, clock).expandPending()
        let log = RecordingTransport()
        // 40 s a send: two sends outlast the 60 s lease of the first sender's batch.
        let slow = SlowRelay(clock: clock, seconds: 40, log: log, holdOnCall: 2)
        let quick = SlowRelay(clock: clock, seconds: 0, log: log)
        func sender(_ database: any OrderFlowDatabase, _ relay: SlowRelay) -> Notifier {
            var notifier = Notifier(
                database: database, environment: clock.environment, logger: TestDatabase.logger,
                transports: NotificationTransports(sms: relay, email: nil), publicBaseURL: "https://o.example.com")
            // One send at a time: the relay moves the shared test clock 40 s per
            // send, so sends in parallel would seem to last eight times longer
            // than any real one (bounded by the transport's 10 s timeout).
            notifier.parallelSends = 1
            return notifier
        }
        async let a = sender(first, slow).sendDue(batchSize: 12)
        // The first sender is in its second send, 80 s after claiming all twelve.
        for await _ in slow.held { break }
        let outcomeB = try await sender(second, quick).sendDue(batchSize: 12)
        slow.open()
        let outcomeA = try await a
        let ids = log.sent.map(\.deliveryID)
        #expect(ids.count == 12, "sent \(ids.count) times for 12 deliveries")
        #expect(Set(ids).count == 12)
        #expect(outcomeA == Notifier.SendOutcome(sent: 2, takenOver: 10))
        #expect(outcomeB == Notifier.SendOutcome(sent: 10))
        #expect(try await Self.deliveries(first).allSatisfy { $0.status == .sent })
    }

    @Test("B3 a batch that outlasts its lease: each delivery is sent once, two senders on SQLite")
    func slowRelayOneDatabase() async throws {
        try await TestDatabase.with(.sqlite) { database in try await Self.slowRelayRace(database, database) }
    }

    @Test("B3 a batch that outlasts its lease: each delivery is sent once, two instances on PostgreSQL")
    func slowRelayTwoInstances() async throws {
        guard TestEngine.available.contains(.postgres) else { return }
        try await TestDatabase.withTwoPostgresInstances { first, second in try await Self.slowRelayRace(first, second) }
    }

    @Test("B3 a sender killed mid-send: after its lease only the delivery it was sending can go out twice, with its id")
    func killedMidSend() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await Fixtures.seed(database)
            for index in 0..<5 { _ = try await Self.order(database, phone: "137123456\(10 + index)", email: nil) }
            let clock = TestClock()
            try await Self.notifier(database, clock).expandPending()
            // The killed sender: it claimed all five, renewed the first and handed it to the relay, then died.
            let dead = UUID()
            let claimed = try await database.write {
                try await NotificationDeliveryRecords.claimDue(
                    by: clock.now, limit: 5, leaseSeconds: 60, token: dead, engine: .sqlite, on: $0)
            }
            #expect(claimed.count == 5)
            let inFlight = try #require(claimed.first?.id)
            #expect(
                try await database.write {
                    try await NotificationDeliveryRecords.renewClaim(
                        inFlight, token: dead, until: clock.now.addingTimeInterval(60), on: $0)
                })
            // Nothing goes out while its lease holds…
            let sms = RecordingTransport()
            let survivor = Self.notifier(database, clock, sms: sms)
            #expect(try await survivor.sendDue() == Notifier.SendOutcome())
            // …then every delivery once: the in-flight one is the only one the relay may see twice.
            clock.advance(by: 61)
            #expect(try await survivor.sendDue() == Notifier.SendOutcome(sent: 5))
            #expect(Set(sms.sent.map(\.deliveryID)) == Set(claimed.map(\.id)))
            #expect(sms.sent.filter { $0.deliveryID == inFlight }.count == 1)
        }
    }

    @Test("B3 an outcome needs the lease: a late failure cannot reopen a delivery another sender sent")
    func fencedOutcomes() async throws {
        try await TestDatabase.with(.sqlite) { database in
            try await Fixtures.seed(database)
            _ = try await Self.order(database, email: nil)
            let clock = TestClock()
            try await Self.notifier(database, clock).expandPending()
            let (late, fresh) = (UUID(), UUID())
            let first = try await database.write {
                try await NotificationDeliveryRecords.claimDue(
                    by: clock.now, limit: 1, leaseSeconds: 60, token: late, engine: .sqlite, on: $0)
            }
            let id = try #require(first.first?.id)
            clock.advance(by: 61)
            let second = try await database.write {
                try await NotificationDeliveryRecords.claimDue(
                    by: clock.now, limit: 1, leaseSeconds: 60, token: fresh, engine: .sqlite, on: $0)
            }
            #expect(second.map(\.id) == [id])
            #expect(
                try await database.write {
                    try await NotificationDeliveryRecords.markSent(id, token: fresh, at: clock.now, on: $0)
                })
            let reopened = try await database.write {
                try await NotificationDeliveryRecords.markFailed(
                    id, token: late, error: "timeout", retryAt: clock.now, on: $0)
            }
            #expect(!reopened)
            let renewed = try await database.write {
                try await NotificationDeliveryRecords.renewClaim(id, token: late, until: clock.now, on: $0)
            }
            #expect(!renewed)
            #expect(try await Self.deliveries(database).first?.status == .sent)
        }
    }
}

/// Takes 20 ms a message and notes how many were on their way at once,
/// overall and per order (known by recipient).
final class OverlapTransport: MessageTransport {
    private struct State {
        var inFlight: [Int: Int] = [:]
        var total = 0
        var most = 0
        var overlapWithinOrder = false
    }

    private let state = Mutex(State())
    let orderOfRecipient: [String: Int]

    init(orderOfRecipient: [String: Int]) { self.orderOfRecipient = orderOfRecipient }

    var mostAtOnce: Int { state.withLock { $0.most } }
    var oneOrderTwiceAtOnce: Bool { state.withLock { $0.overlapWithinOrder } }

    func send(_ message: OutgoingMessage) async throws {
        let order = orderOfRecipient[message.recipient] ?? -1
        state.withLock { state in
            state.inFlight[order, default: 0] += 1
            state.total += 1
            state.most = max(state.most, state.total)
            if state.inFlight[order, default: 0] > 1 { state.overlapWithinOrder = true }
        }
        try await Task.sleep(for: .milliseconds(20))
        state.withLock { state in
            state.inFlight[order, default: 0] -= 1
            state.total -= 1
        }
    }
}

import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// The outbox's sender (B3, DESIGN.md §3): a job of the background runner that turns
/// outbox entries into deliveries and sends those that are due, with
/// retries and backoff. Several instances share the work: entries are
/// expanded under `SKIP LOCKED`, deliveries are claimed with a lease.
public struct Notifier: Sendable {
    let database: any OrderFlowDatabase
    let environment: AppEnvironment
    let logger: Logger
    let transports: NotificationTransports
    let planner: NotificationPlanner
    public var retry: DeliveryRetry
    public var interval: Duration
    /// How long a claimed delivery is this sender's before another may try it.
    public var leaseSeconds: Double = 60
    /// How many orders' messages of a batch are on their way at once.
    public var parallelSends = 8

    public init(
        database: any OrderFlowDatabase, environment: AppEnvironment = .live, logger: Logger,
        transports: NotificationTransports, publicBaseURL: String, retry: DeliveryRetry = DeliveryRetry(),
        interval: Duration = .seconds(1)
    ) {
        self.database = database
        self.environment = environment
        self.logger = logger
        self.transports = transports
        self.retry = retry
        self.interval = interval
        var channels: Set<NotificationChannel> = [.webhook]
        if transports.sms != nil { channels.insert(.sms) }
        if transports.email != nil { channels.insert(.email) }
        planner = NotificationPlanner(channels: channels, publicBaseURL: publicBaseURL, newID: environment.newID)
    }

    /// The runner's job (`JobRunner`): expand the outbox, then send what is
    /// due. Each part does a bounded share per turn, so that under steady
    /// intake the expansion never keeps the sending waiting (nor the reverse).
    public func job() -> BackgroundJob {
        BackgroundJob(name: "notifications", interval: interval) {
            try await expandPending(maxBatches: 5)
            try await sendDue(maxBatches: 5)
        }
    }

    /// Turns waiting outbox entries into deliveries, a batch per
    /// transaction: all of them, or at most `maxBatches` batches.
    @discardableResult
    public func expandPending(batchSize: Int = 100, maxBatches: Int = .max) async throws -> Int {
        var expanded = 0
        var batches = 0
        while batches < maxBatches, try await database.read({ try await NotificationOutboxRecords.anyPending(on: $0) })
        {
            batches += 1
            let now = environment.now()
            let planner = self.planner
            // Marked first, in one statement: an entry another instance
            // expanded meanwhile is not marked again, and only the entries
            // marked here get deliveries. Planning writes too (a customer's
            // message carries a fresh tracking link), so it stays in the write.
            let count = try await database.write { db in
                let entries = try await NotificationOutboxRecords.pending(limit: batchSize, on: db)
                let marked = try await NotificationOutboxRecords.markExpanded(entries.map(\.id), at: now, on: db)
                let endpoints = try await WebhookEndpointRecords.all(on: db).filter(\.active)
                for entry in entries where marked.contains(entry.id) {
                    for delivery in try await planner.deliveries(for: entry, now: now, endpoints: endpoints, on: db) {
                        try await NotificationDeliveryRecords.insert(delivery, on: db)
                    }
                }
                return entries.count
            }
            expanded += count
            if count == 0 { break }
        }
        return expanded
    }

    /// What one round of sending did.
    public struct SendOutcome: Sendable, Equatable {
        public var sent: Int
        public var retried: Int
        public var dead: Int
        /// Claimed, but taken over by another sender before this one got to it.
        public var takenOver: Int

        public init(sent: Int = 0, retried: Int = 0, dead: Int = 0, takenOver: Int = 0) {
            self.sent = sent
            self.retried = retried
            self.dead = dead
            self.takenOver = takenOver
        }

        mutating func add(_ other: SendOutcome) {
            sent += other.sent
            retried += other.retried
            dead += other.dead
            takenOver += other.takenOver
        }
    }

    /// Sends the deliveries due now, each outside any transaction: all of
    /// them, or at most `maxBatches` claims of `batchSize`.
    @discardableResult
    public func sendDue(batchSize: Int = 20, maxBatches: Int = .max) async throws -> SendOutcome {
        var outcome = SendOutcome()
        var batches = 0
        while batches < maxBatches {
            batches += 1
            let now = environment.now()
            guard try await database.read({ try await NotificationDeliveryRecords.anyDue(by: now, on: $0) }) else {
                break
            }
            let engine = database.engine
            let lease = leaseSeconds
            let token = environment.newID()
            let claimed = try await database.write { db in
                try await NotificationDeliveryRecords.claimDue(
                    by: now, limit: batchSize, leaseSeconds: lease, token: token, engine: engine, on: db)
            }
            if claimed.isEmpty { break }
            outcome.add(try await sendAll(claimed, token: token))
        }
        return outcome
    }

    /// A claimed batch, `parallelSends` orders at a time: a gateway's round
    /// trip is mostly waiting, and one slow answer must not hold the rest
    /// back. One order's messages still go one after the other, in the order
    /// they were claimed, so that a customer never reads "confirmed" before
    /// "received".
    private func sendAll(_ claimed: [NotificationDelivery], token: UUID) async throws -> SendOutcome {
        var chains: [[NotificationDelivery]] = []
        var chainOfOrder: [UUID: Int] = [:]
        for delivery in claimed {
            if let index = chainOfOrder[delivery.orderID] {
                chains[index].append(delivery)
            } else {
                chainOfOrder[delivery.orderID] = chains.count
                chains.append([delivery])
            }
        }
        return try await withThrowingTaskGroup(of: SendOutcome.self) { group in
            var waiting = chains[...]
            func startNext() {
                guard let chain = waiting.popFirst() else { return }
                group.addTask {
                    var outcome = SendOutcome()
                    for delivery in chain { try await send(delivery, token: token, &outcome) }
                    return outcome
                }
            }
            for _ in 0..<parallelSends { startNext() }
            var total = SendOutcome()
            while let one = try await group.next() {
                total.add(one)
                startNext()
            }
            return total
        }
    }

    private func send(_ delivery: NotificationDelivery, token: UUID, _ outcome: inout SendOutcome) async throws {
        // The batch's lease may have run out while earlier ones were sent:
        // renewed now, or left to whoever took it over. A send takes at most
        // a transport's timeout, well inside one lease.
        let until = environment.now().addingTimeInterval(leaseSeconds)
        guard
            try await database.write({
                try await NotificationDeliveryRecords.renewClaim(delivery.id, token: token, until: until, on: $0)
            })
        else {
            outcome.takenOver += 1
            return
        }
        var failure: TransportFailure?
        do {
            guard let transport = transports.transport(for: delivery.channel) else {
                throw TransportFailure("this server has no \(delivery.channel.rawValue) transport configured")
            }
            try await transport.send(try await outgoing(delivery))
        } catch let error as TransportFailure {
            failure = error
        } catch {
            failure = TransportFailure(String(describing: error))
        }
        let now = environment.now()
        guard let failure else {
            let recorded = try await database.write {
                try await NotificationDeliveryRecords.markSent(delivery.id, token: token, at: now, on: $0)
            }
            if !recorded {
                logger.warning("Notification lease lost during send", metadata: ["delivery": "\(delivery.id)"])
            }
            outcome.sent += 1
            return
        }
        let attempts = delivery.attempts + 1
        let delay = failure.permanent ? nil : retry.delay(afterAttempts: attempts, jitter: Double.random(in: 0...1))
        let retryAt = delay.map { now.addingTimeInterval($0) }
        try await database.write {
            try await NotificationDeliveryRecords.markFailed(
                delivery.id, token: token, error: failure.reason, retryAt: retryAt, on: $0)
        }
        if retryAt == nil { outcome.dead += 1 } else { outcome.retried += 1 }
        // The delivery id, never the recipient: logs hold no personal data.
        logger.warning(
            "Notification not delivered",
            metadata: [
                "delivery": "\(delivery.id)", "channel": "\(delivery.channel.rawValue)", "attempt": "\(attempts)",
                "dead": "\(retryAt == nil)", "reason": "\(failure.reason)",
            ])
    }

    /// The message for the wire; a webhook's URL and secret are read now,
    /// so a disabled endpoint is not called and a new secret applies.
    private func outgoing(_ delivery: NotificationDelivery) async throws -> OutgoingMessage {
        var message = OutgoingMessage(
            deliveryID: delivery.id, topic: delivery.topic, recipient: delivery.recipient,
            subject: delivery.message.subject, body: delivery.message.body)
        if delivery.channel == .webhook {
            guard let id = UUID(uuidString: delivery.recipient),
                let endpoint = try await database.read({ try await WebhookEndpointRecords.find(id: id, on: $0) }),
                endpoint.active
            else { throw TransportFailure("the webhook endpoint is gone or disabled", permanent: true) }
            message.recipient = endpoint.url
            message.signingSecret = endpoint.secret
        }
        return message
    }
}

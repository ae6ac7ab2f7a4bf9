import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// Order intake (订单接收, §2 of the procedure): entry from every channel,
/// the automatic check, routing to manual review, and the reviewer's
/// decision. Each call is one transaction: load → Core rule → save the
/// order, append its events.
public struct IntakeService: AppService {
    public let context: AppContext
    let reference = ReferenceCache()

    public init(context: AppContext) { self.context = context }

    /// The result of creating an order: the order as first answered, and
    /// whether this answer is a replay of an earlier identical request.
    public struct Created: Sendable {
        public var order: ShownOrder
        public var replayed: Bool
    }

    /// Creates an order (R2.1–R2.4). With an idempotency key, or a platform's
    /// own order id, a repeated request returns the first answer.
    /// Staff and integrations need `createOrder` for the order's store;
    /// platforms deliver orders with `platformIntake`, customers book with `bookOnline`.
    /// `unreadable` are the problems of fields that could not be read into
    /// the draft (a wrong type): the order is refused with them and with
    /// every problem the automatic check finds in the rest, all at once.
    public func createOrder(
        _ draft: OrderDraft, by caller: Caller, idempotencyKey: String? = nil, unreadable: [FieldProblem] = []
    ) async throws -> Created {
        let action: AccessAction =
            switch caller.actor.kind {
            case .platform: .platformIntake
            case .customer: .bookOnline
            case .staff, .integration, .system: .createOrder
            }
        try caller.require(action)
        // Customers book through the website channel only.
        if action == .bookOnline, draft.channel != .website { throw AppError.notAllowed }
        if let storeCode = draft.storeCode { try caller.require(action, storeCode: storeCode) }
        let actor = caller.actor
        let scope = actor.description
        // Only a request with a key is ever compared with an earlier one.
        let requestHash = idempotencyKey == nil ? "" : Hashing.sha256Hex(try JSONCoding.canonicalString(draft))
        let now = environment.now()
        // One read for everything the checks need: an earlier answer to this
        // request, the reference data, and the phone's earlier orders for the
        // duplicate rule. The duplicate rule reads them outside the write: it
        // flags suspicions for a person, and a double submit of the very same
        // request is what idempotency keys are for.
        let reference = self.reference
        let phone = draft.customer?.phone.flatMap(PhoneNumber.normalized)
        let (start, end) = (draft.appointmentStart, draft.appointmentEnd)
        let (earlier, snapshot, prior) = try await database.read { db in
            let earlier = try await Self.earlierAnswer(
                draft, scope: scope, key: idempotencyKey, requestHash: requestHash, on: db)
            let snapshot = try await reference.current(on: db)
            var prior: [PriorOrder] = []
            if earlier == nil, let phone, let start, let end, start < end {
                let slack = Double(snapshot.policy.duplicateWindowDays ?? 0) * 86_400
                prior = try await OrderRecords.priorOrders(
                    phone: phone, appointmentFrom: start.addingTimeInterval(-slack - 86_400),
                    appointmentBefore: end.addingTimeInterval(slack), on: db)
            }
            return (earlier, snapshot, prior)
        }
        if let earlier, unreadable.isEmpty {
            return Created(order: .make(earlier, for: caller, at: now), replayed: true)
        }
        let checked: CheckedOrder
        switch IntakeCheck(stores: snapshot.stores, catalog: snapshot.catalog, now: now).check(draft) {
        case .success(let order) where unreadable.isEmpty: checked = order
        case .success: throw AppError.invalid(unreadable)
        case .failure(let failure): throw AppError.invalid(FieldProblem.merging(unreadable, failure.problems))
        }
        guard let store = snapshot.stores[checked.storeCode] else {
            throw AppError.invalid([IntakeProblem.unknownStore("storeCode", code: checked.storeCode)])
        }
        let policy = snapshot.policy
        let prepared = try PreparedIntake(
            checked, id: environment.newID(), reasons: policy.reasons(for: checked, priorOrders: prior), actor: actor,
            at: now, keepAnswer: idempotencyKey != nil)

        // A concurrent twin (same key or same platform order) may commit first:
        // its unique key makes ours fail, and the second attempt replays its answer.
        for attempt in 1...2 {
            do {
                let created = try await insert(
                    prepared, draft: draft, store: store, reference: snapshot, actor: actor, key: idempotencyKey,
                    requestHash: requestHash, now: now)
                return Created(order: .make(created.order, for: caller, at: now), replayed: created.replayed)
            } catch  where attempt == 1 && StoreError.isUniqueViolation(error) {
                logger.debug("intake retry after concurrent duplicate")
            }
        }
        throw AppError.concurrentChange
    }

    private func insert(
        _ prepared: PreparedIntake, draft: OrderDraft, store: Store, reference: ReferenceSnapshot, actor: Actor,
        key: String?, requestHash: String, now: Date
    ) async throws -> (order: Order, replayed: Bool) {
        let engine = database.engine
        let day = store.localDate(of: now)
        // PostgreSQL holds the counter row's lock until commit, which would make
        // every order of a store wait for the one before it. There the number
        // is taken by one statement that commits by itself, first. If the order's write then
        // fails, that day's numbers have a gap: harmless, since order numbers
        // name orders rather than count them (invoice numbers count, R7.4).
        // SQLite has a single writer anyway and keeps the number in the write.
        let reserved: Int? =
            database.engine == .postgres
            ? try await database.autocommit {
                try await OrderNumberCounter.next(storeCode: store.code, day: day, on: $0)
            }
            : nil
        // The order, its lines, its history and its place on the watch.
        let writeOrder: @Sendable (Order, [EventLog.NewEvent], any SQLDatabase) async throws -> Void = {
            order, events, db in
            try await OrderRecords.insert(order, on: db)
            // The first deadline is counted here, with the limits and calendar
            // the checks used; the watch row's insert keeps it only while the
            // reference version is still theirs (else the monitor counts it).
            try await EventLog.start(
                orderID: order.id, with: events, at: now,
                watch: { stored in
                    DeadlineMonitor.firstWatch(
                        of: order, events: stored, store: store, policy: reference.timeLimits,
                        referenceVersion: reference.version, engine: engine, now: now)
                }, on: db)
        }
        // A plain order on PostgreSQL (no earlier answer to look for): all of
        // it in one statement that commits by itself, one round trip.
        if let reserved, key == nil, draft.channel != .platform {
            let (order, events, _) = prepared.numbered(
                OrderNumber.make(storeCode: store.code, day: day, sequence: reserved))
            try await database.autocommit { db in
                try await SingleStatement.run(on: db) { try await writeOrder(order, events, $0) }
            }
            return (order, false)
        }
        return try await database.write { db in
            if let earlier = try await Self.earlierAnswer(
                draft, scope: actor.description, key: key, requestHash: requestHash, on: db)
            {
                return (earlier, true)
            }
            let sequence: Int
            if let reserved {
                sequence = reserved
            } else {
                sequence = try await OrderNumberCounter.next(storeCode: store.code, day: day, on: db)
            }
            let (order, events, answer) = prepared.numbered(
                OrderNumber.make(storeCode: store.code, day: day, sequence: sequence))
            try await writeOrder(order, events, db)
            if let key, let answer {
                try await IdempotencyRecords.save(
                    scope: actor.description, key: key,
                    record: IdempotencyRecord(requestHash: requestHash, orderID: order.id, responseJSON: answer),
                    at: now, on: db)
            }
            return (order, false)
        }
    }

    /// The first answer to this request, if it was made before: by its
    /// idempotency key, or for platform orders by the platform's own id.
    private static func earlierAnswer(
        _ draft: OrderDraft, scope: String, key: String?, requestHash: String, on db: any SQLDatabase
    ) async throws -> Order? {
        if let key {
            if let record = try await IdempotencyRecords.find(scope: scope, key: key, on: db) {
                guard record.requestHash == requestHash else { throw AppError.idempotencyKeyReused }
                return try JSONCoding.decoder.decode(Order.self, from: Data(record.responseJSON.utf8))
            }
        }
        if draft.channel == .platform, let platform = draft.platformName?.trimmedOrNil,
            let reference = draft.externalReference?.trimmedOrNil
        {
            return try await OrderRecords.find(platform: platform, externalReference: reference, on: db)
        }
        return nil
    }
}

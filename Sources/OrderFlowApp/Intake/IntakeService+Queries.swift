import Foundation
import OrderFlowCore
import OrderFlowStore

extension IntakeService {
    /// One order, by id or number. Orders of stores the caller cannot see
    /// are "not found": their existence is not the caller's business.
    public func order(_ reference: String, by caller: Caller) async throws -> ShownOrder {
        try caller.require(.readOrder)
        let (order, own) = try await readableWithJob(reference, by: caller)
        return .make(order, for: caller, at: environment.now(), assignedToCaller: own)
    }

    /// The caller's page of the order list: only stores they may see.
    public func orders(_ query: OrderQuery, by caller: Caller) async throws -> ShownOrderPage {
        try caller.require(.readOrder)
        var scoped = query
        scoped.visibleStores = caller.visibleStores(for: .readOrder)
        // Technicians read their own jobs' orders, in any store they work for.
        var ownJobs = caller.reachesOwnJobs(for: .readOrder) ? caller.staffID : nil
        if query.phone != nil {
            // Only where the caller sees phones in full (R1.4): a search elsewhere would confirm a masked number.
            let full = AccessPolicy.storesWithPersonalData(for: caller)
            if let full {
                scoped.visibleStores = (scoped.visibleStores ?? full).intersection(full)
                if scoped.visibleStores?.isEmpty == true { throw Self.phoneSearchNotAllowed }
            }
            ownJobs = nil
        }
        scoped.ownJobsOf = ownJobs?.uuidString
        let query = scoped
        let jobsOf = ownJobs
        let (page, own) = try await database.read { db in
            let page = try await OrderRecords.list(query, on: db)
            guard let jobsOf else { return (page, Set<UUID>()) }
            return (page, try await AssignmentRecords.assignedOrders(of: jobsOf, among: page.orders.map(\.id), on: db))
        }
        let now = environment.now()
        // Each order shown as it is shown alone: a job's own technician sees what the policy gives them.
        return ShownOrderPage(
            orders: page.orders.map { .make($0, for: caller, at: now, assignedToCaller: own.contains($0.id)) },
            next: page.next)
    }

    static let phoneSearchNotAllowed = AppError.forbidden(
        LocalizedText(
            zhHans: "您的角色只能看到隐去部分号码的手机号，不能按手机号查找订单",
            en: "Your roles see phone numbers masked, so they cannot search orders by phone"))

    /// Orders waiting for a reviewer, newest first.
    public func reviewQueue(storeCode: String?, limit: Int, after cursor: OrderCursor?, by caller: Caller)
        async throws -> ShownOrderPage
    {
        try caller.require(.readReviewQueue)
        var scoped = OrderQuery(storeCode: storeCode, status: .pendingReview, limit: limit, after: cursor)
        scoped.visibleStores = caller.visibleStores(for: .readReviewQueue)
        let query = scoped
        let page = try await database.read { try await OrderRecords.list(query, on: $0) }
        let now = environment.now()
        return ShownOrderPage(orders: page.orders.map { .make($0, for: caller, at: now) }, next: page.next)
    }

    /// The order's history from its event log, oldest first, after checking
    /// that the hash chain is unbroken.
    public func timeline(_ reference: String, by caller: Caller) async throws
        -> (order: ShownOrder, entries: [TimelineEntry], intact: Bool)
    {
        try caller.require(.readOrder)
        let order = try await readable(reference, by: caller)
        // The head first: events appended between the two reads are newer than it.
        let (head, events) = try await database.read { db in
            (try await EventLog.head(of: order.id, on: db), try await EventLog.events(of: order.id, on: db))
        }
        let now = environment.now()
        let entries = try events.map { event in
            guard let type = OrderEventType(rawValue: event.type) else {
                throw StoreError.corruptRow("unknown event type \(event.type)")
            }
            var payload = try JSONCoding.decoder.decode(OrderEventPayload.self, from: Data(event.payloadJSON.utf8))
            // The intake record holds the customer as received: shown like the order itself.
            payload.order = payload.order.map { ShownOrder.make($0, for: caller, at: now).order }
            return TimelineEntry(
                sequence: event.sequence, type: type, actor: event.actor, occurredAt: event.occurredAt,
                payload: payload, hash: event.hash)
        }
        return (.make(order, for: caller, at: now), entries, EventLog.firstBrokenLink(in: events, head: head) == nil)
    }

    public func reviewPolicy(by caller: Caller) async throws -> ReviewPolicy {
        try caller.require(.readReviewPolicy)
        return try await database.read { try await SettingsRecords.reviewPolicy(on: $0) }
    }

    /// Replaces the review rules; they apply to orders created from now on.
    public func updateReviewPolicy(_ policy: ReviewPolicy, by caller: Caller) async throws -> ReviewPolicy {
        try caller.require(.updateReviewPolicy)
        let checked: ReviewPolicy
        switch policy.validated() {
        case .success(let valid): checked = valid
        case .failure(let failure): throw failure.appError
        }
        let now = environment.now()
        let detail = try JSONCoding.canonicalString(["policy": try JSONCoding.canonicalString(checked)])
        try await database.write { db in
            try await SettingsRecords.saveReviewPolicy(checked, at: now, on: db)
            try await AuditLog.append(
                actor: caller.actor, action: "settings.reviewPolicyChanged", outcome: .succeeded,
                detailJSON: detail, at: now, on: db)
        }
        return checked
    }

    /// An order the caller may read, or "not found".
    func readable(_ reference: String, by caller: Caller) async throws -> Order {
        try await readableWithJob(reference, by: caller).order
    }

    /// An order the caller may read, and whether it is their own job (a
    /// technician's orders are only those assigned to them).
    func readableWithJob(_ reference: String, by caller: Caller) async throws -> (order: Order, ownJob: Bool) {
        let found = try await database.read { db -> (Order, Bool)? in
            guard let order = try await OrderLookup.find(reference, on: db) else { return nil }
            guard let staffID = caller.staffID,
                let assignment = try await AssignmentRecords.find(orderID: order.id, on: db)
            else { return (order, false) }
            return (order, assignment.assignment.technicianIDs.contains(staffID))
        }
        guard let (order, own) = found, caller.may(.readOrder, storeCode: order.storeCode, ownJob: own) else {
            throw AppError.orderNotFound(reference)
        }
        return (order, own)
    }
}

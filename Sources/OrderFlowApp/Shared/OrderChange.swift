import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// One change of an order, made the same way by every chapter (issue 15):
/// access checked and the order loaded (`OrderLookup`), the chapter's rule
/// (in Core) run on it, the order saved against the version it was read at,
/// and the change's events appended to the order's chain — which also puts
/// the order before the deadline monitor and its notices in the outbox
/// (`EventLog.append`). All inside the caller's one transaction, so a
/// concurrent change of the same order meets a 409, never a broken chain.
struct OrderChange: Sendable {
    /// One event of the change.
    struct Event: Sendable {
        var type: OrderEventType
        var payload: OrderEventPayload
        var actor: Actor

        init(_ type: OrderEventType, _ payload: OrderEventPayload, by actor: Actor) {
            self.type = type
            self.payload = payload
            self.actor = actor
        }
    }

    /// What of the order the change saves besides its version: its status
    /// (and times), or its appointment.
    enum Saving: Sendable {
        case status
        case appointment
    }

    /// Saves `changed` — the order as the rule left it, or the order only
    /// touched — if it is still at the version `order` was read at, then
    /// appends `events`. Returns the saved order and the stored events.
    @discardableResult
    static func commit(
        _ order: Order, as changed: Order? = nil, saving: Saving = .status, events: [Event], at now: Date,
        on db: any SQLDatabase
    ) async throws -> (order: Order, events: [StoredOrderEvent]) {
        var saved = changed ?? order
        saved.updatedAt = now
        let stored =
            switch saving {
            case .status: try await OrderRecords.updateStatus(saved, expectedVersion: order.version, on: db)
            case .appointment: try await OrderRecords.updateAppointment(saved, expectedVersion: order.version, on: db)
            }
        return (stored, try await append(events, to: order, at: now, on: db))
    }

    /// The common change: the order touched and one event carrying a
    /// chapter's part.
    @discardableResult
    static func commit<Part: OrderEventPart>(
        _ order: Order, _ type: OrderEventType, _ part: Part, reason: String? = nil, by actor: Actor, at now: Date,
        on db: any SQLDatabase
    ) async throws -> (order: Order, events: [StoredOrderEvent]) {
        try await commit(
            order, events: [Event(type, try OrderEventPayload(part, reason: reason), by: actor)], at: now, on: db)
    }

    /// The order moved to `next` by Core's transition rule (R1.3) — or only
    /// touched when nil — and committed with `events`.
    @discardableResult
    static func commit(
        _ order: Order, movingTo next: OrderStatus?, events: [Event], at now: Date, on db: any SQLDatabase
    ) async throws -> (order: Order, events: [StoredOrderEvent]) {
        var moved = order
        if let next {
            do throws(IllegalTransition) { try moved.move(to: next, at: now) } catch {
                throw AppError.illegalTransition(error)
            }
        }
        return try await commit(order, as: moved, events: events, at: now, on: db)
    }

    /// Appends events to an order this transaction has already saved (a
    /// follow-up a rule opens beside another change).
    static func append(_ events: [Event], to order: Order, at now: Date, on db: any SQLDatabase) async throws
        -> [StoredOrderEvent]
    {
        var stored: [StoredOrderEvent] = []
        for event in events {
            stored.append(
                try await EventLog.append(
                    orderID: order.id, type: event.type, actor: event.actor, at: now,
                    payloadJSON: try JSONCoding.string(event.payload), on: db))
        }
        return stored
    }

    /// The whole unit of work on an order named by the caller: finds it
    /// (404 when the caller may not see it, 403 when they may not take
    /// `action`), lets `change` apply the chapter's rule, write its own
    /// records and say which events it makes, and commits. A stale version
    /// is a 409.
    static func run<Result: Sendable>(
        _ reference: String, for action: AccessAction, by caller: Caller, at now: Date,
        in database: any OrderFlowDatabase,
        _ change:
            @escaping @Sendable (Order, any SQLDatabase) async throws -> (
                result: Result, changed: Order?, events: [Event]
            )
    ) async throws -> Result {
        do {
            return try await database.write { db in
                let order = try await OrderLookup.visible(reference, for: action, by: caller, on: db)
                let (result, changed, events) = try await change(order, db)
                try await commit(order, as: changed, events: events, at: now, on: db)
                return result
            }
        } catch StoreError.staleVersion {
            throw AppError.concurrentChange
        }
    }
}

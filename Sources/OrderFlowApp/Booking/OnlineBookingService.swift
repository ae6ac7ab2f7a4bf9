import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore

/// The customer's side of intake (R2.1, channel "website"): booking on a
/// store's public page, and following the order through an unguessable
/// link. The link's random token is the only key: never the order's id or
/// number, and a wrong token shows nothing.
public struct OnlineBookingService: AppService {
    public let context: AppContext
    let intake: IntakeService

    public init(context: AppContext) {
        self.context = context
        intake = IntakeService(context: context)
    }

    public struct Booked: Sendable {
        public var order: Order
        /// The token of the customer's tracking link, shown once.
        public var trackingToken: String
    }

    /// Books as a customer from `source`; `formToken` makes a double submit
    /// return the first order (with a fresh link to it).
    public func book(_ draft: OrderDraft, source: String, formToken: String?) async throws -> Booked {
        let now = environment.now()
        let recent = try await database.read {
            try await TrackingLinkRecords.bookings(
                source: source, since: now.addingTimeInterval(-BookingPolicy.window), on: $0)
        }
        guard recent < BookingPolicy.bookingsPerSource else {
            throw AppError.tooManyAttempts(retryAfterSeconds: Int(BookingPolicy.window))
        }
        var booking = draft
        booking.channel = .website
        booking.platformName = nil
        booking.externalReference = nil
        booking.priority = .normal
        let created = try await intake.createOrder(
            booking, by: .onlineCustomer(source: source), idempotencyKey: formToken.map { "booking-\($0)" })
        let token = AccessService.newSecret()
        let order = created.order.order
        try await database.write { db in
            if !created.replayed { try await TrackingLinkRecords.recordBooking(source: source, at: now, on: db) }
            try await TrackingLinkRecords.insert(secret: token, orderID: order.id, at: now, on: db)
        }
        return Booked(order: order, trackingToken: token)
    }

    /// What the customer sees through their link: the order with their own
    /// details masked (a link can be forwarded) and its history.
    public struct Tracked: Sendable {
        public var order: Order
        public var events: [TimelineEntry]
    }

    public func track(token: String) async throws -> Tracked {
        let notFound = AppError.notFound(LocalizedText(zhHans: "链接无效", en: "This link is not valid"))
        guard token.count <= 100,
            let orderID = try await database.read({ try await TrackingLinkRecords.orderID(secret: token, on: $0) })
        else { throw notFound }
        // The link is the customer's authority for this one order: read it as
        // a reader of every store, then mask what a forwarded link must not show.
        let reader = Caller(
            actor: Actor(kind: .system, id: "tracking-link"), grants: [RoleGrant(role: .auditor, scope: .allStores)])
        let (shown, entries, _) = try await intake.timeline(orderID.uuidString, by: reader)
        var order = shown.order
        order.customer = PersonalData.masked(order.customer)
        return Tracked(order: order, events: entries)
    }
}

import Foundation
import OrderFlowCore
import OrderFlowStore

/// An order as one caller may see it: the customer's personal data masked
/// unless the caller needs it (R1.4). Use cases answer with these, never
/// with bare orders, so no screen or API can forget to mask.
public struct ShownOrder: Hashable, Sendable {
    public var order: Order
    public var personalData: PersonalDataView

    /// `assignedToCaller`: the order is the caller's own job. Until dispatch
    /// assigns jobs (issue 5), nobody's.
    static func make(_ order: Order, for caller: Caller, at now: Date, assignedToCaller: Bool = false) -> ShownOrder {
        let view = AccessPolicy.personalDataView(
            for: caller, storeCode: order.storeCode, assignedToCaller: assignedToCaller,
            appointment: (order.appointment.start, order.appointment.end), now: now)
        guard view == .masked else { return ShownOrder(order: order, personalData: .full) }
        var masked = order
        masked.customer = PersonalData.masked(order.customer)
        return ShownOrder(order: masked, personalData: .masked)
    }
}

/// A page of the order list as the caller may see it.
public struct ShownOrderPage: Hashable, Sendable {
    public var orders: [ShownOrder]
    public var next: OrderCursor?
}

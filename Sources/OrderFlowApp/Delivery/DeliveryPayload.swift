import Foundation
import OrderFlowCore

/// What a delivery event records in the order's timeline: the report as it
/// stood (with the customer's answer), who does the rework, how and when
/// the order was delivered. The report and the acceptance confirmation are
/// so kept with the order's hash-chained record (R5.5).
public struct DeliveryPayload: OrderEventPart {
    public static let key = "delivery"

    public var report: DeliveryReport?
    public var technicianIDs: [UUID]?
    public var method: DeliveryMethod?
    public var deliveredAt: Date?
    public var lapseAction: AcceptanceLapse?

    public init(
        report: DeliveryReport? = nil, technicianIDs: [UUID]? = nil, method: DeliveryMethod? = nil,
        deliveredAt: Date? = nil, lapseAction: AcceptanceLapse? = nil
    ) {
        self.report = report
        self.technicianIDs = technicianIDs
        self.method = method
        self.deliveredAt = deliveredAt
        self.lapseAction = lapseAction
    }
}

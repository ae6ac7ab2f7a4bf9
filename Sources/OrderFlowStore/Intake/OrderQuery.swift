import Foundation
import OrderFlowCore

/// Filters for the order list. Every field narrows; nil means "any".
public struct OrderQuery: Hashable, Sendable {
    public var storeCode: String?
    public var status: OrderStatus?
    public var channel: Channel.Kind?
    public var createdFrom: Date?
    public var createdBefore: Date?
    public var appointmentFrom: Date?
    public var appointmentBefore: Date?
    /// Normalised phone (see `PhoneNumber`).
    public var phone: String?
    public var orderNumber: String?
    public var limit: Int
    public var after: OrderCursor?
    /// The stores the caller may see (nil: all). Set by the App layer from
    /// the access policy, never from the request.
    public var visibleStores: Set<String>?
    /// A technician's own jobs, visible beside `visibleStores`: the staff
    /// id whose assigned orders are also listed. Set by the App layer only.
    public var ownJobsOf: String?

    public init(
        storeCode: String? = nil, status: OrderStatus? = nil, channel: Channel.Kind? = nil,
        createdFrom: Date? = nil, createdBefore: Date? = nil, appointmentFrom: Date? = nil,
        appointmentBefore: Date? = nil, phone: String? = nil, orderNumber: String? = nil, limit: Int = 50,
        after: OrderCursor? = nil
    ) {
        self.storeCode = storeCode
        self.status = status
        self.channel = channel
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
        self.appointmentFrom = appointmentFrom
        self.appointmentBefore = appointmentBefore
        self.phone = phone
        self.orderNumber = orderNumber
        self.limit = limit
        self.after = after
    }
}

/// Where a page of the order list ended: newest first, ties broken by id,
/// so that pages are stable while new orders arrive.
public struct OrderCursor: Hashable, Sendable {
    public var createdAt: Int64
    public var id: String

    public init(createdAt: Int64, id: String) {
        self.createdAt = createdAt
        self.id = id
    }

    /// An opaque token for clients.
    public var token: String {
        Data("\(createdAt)|\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard token.count <= 200, let data = Data(base64Encoded: base64),
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        let parts = text.split(separator: "|")
        guard parts.count == 2, let createdAt = Int64(parts[0]), UUID(uuidString: String(parts[1])) != nil else {
            return nil
        }
        self.init(createdAt: createdAt, id: String(parts[1]))
    }
}

public struct OrderPage: Hashable, Sendable {
    public var orders: [Order]
    public var next: OrderCursor?
}

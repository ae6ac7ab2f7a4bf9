import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// Finding an order the way every chapter does. Another store's order is
/// "not found", never "forbidden", so that its existence is not told (R1.4).
enum OrderLookup {
    /// By order number or id.
    static func find(_ reference: String, on db: any SQLDatabase) async throws -> Order? {
        if let id = UUID(uuidString: reference) { return try await OrderRecords.find(id: id, on: db) }
        guard reference.count <= 64 else { return nil }
        return try await OrderRecords.find(number: reference, on: db)
    }

    /// The order if the caller may see it (else 404) and may take `action`
    /// on it (else 403).
    static func visible(_ reference: String, for action: AccessAction, by caller: Caller, on db: any SQLDatabase)
        async throws -> Order
    {
        guard let order = try await find(reference, on: db), caller.may(.readOrder, storeCode: order.storeCode)
        else { throw AppError.orderNotFound(reference) }
        try caller.require(action, storeCode: order.storeCode)
        return order
    }

    /// The order behind a customer's tracking link.
    static func byTrackingLink(_ token: String, on db: any SQLDatabase) async throws -> Order {
        guard token.count <= 100,
            let orderID = try await TrackingLinkRecords.orderID(secret: token, on: db),
            let order = try await OrderRecords.find(id: orderID, on: db)
        else { throw linkNotValid }
        return order
    }

    static let linkNotValid = AppError.notFound(LocalizedText(zhHans: "链接无效", en: "This link is not valid"))
}

import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// The time zone an order's dates are read in: its store's (R2.4). There is
/// no company-wide fallback: a store that cannot be found is an error, not
/// a guess at Shanghai.
enum StoreZone {
    static func of(_ storeCode: String, on db: any SQLDatabase) async throws -> TimeZone {
        guard let store = try await StoreRecords.find(code: storeCode, on: db) else { throw missing(storeCode) }
        return store.timeZone
    }

    static func missing(_ storeCode: String) -> AppError {
        AppError.notFound(
            LocalizedText(zhHans: "找不到门店 \(storeCode.prefix(40))", en: "No store \(storeCode.prefix(40))"))
    }
}

extension ReferenceSnapshot {
    func zone(ofStore storeCode: String) throws -> TimeZone {
        guard let store = stores[storeCode] else { throw StoreZone.missing(storeCode) }
        return store.timeZone
    }
}

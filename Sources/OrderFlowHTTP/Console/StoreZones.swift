import Foundation
import OrderFlowApp
import OrderFlowCore

/// Each store's time zone, for pages that show records of several stores.
/// A record's dates are read in its store's zone; a store that cannot be
/// found is an error, never a guess at one zone for all.
struct StoreZones: Sendable {
    let zones: [String: TimeZone]

    func callAsFunction(_ storeCode: String) throws -> TimeZone {
        guard let zone = zones[storeCode] else {
            throw AppError.notFound(
                LocalizedText(zhHans: "找不到门店 \(storeCode.prefix(40))", en: "No store \(storeCode.prefix(40))"))
        }
        return zone
    }
}

extension UsesServices {
    func storeZones() async throws -> StoreZones { StoreZones(zones: try await referenceData.timeZones()) }

    func zone(ofStore storeCode: String) async throws -> TimeZone { try await storeZones()(storeCode) }
}

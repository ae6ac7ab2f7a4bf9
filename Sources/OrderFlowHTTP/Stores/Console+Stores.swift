import Foundation
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// Stores with their hours, and the service catalog with prices.
extension ConsoleRoutes {
    struct StoresPage: Sendable {
        let t: [String: String]
        let chrome: Chrome
        let stores: [StoreRow]
        let items: [ItemRow]
    }

    struct StoreRow: Sendable {
        let code: String
        let name: String
        let address: String
        let phone: String
        let hours: String
        let bookingLink: String
    }

    struct ItemRow: Sendable {
        let code: String
        let name: String
        let unit: String
        let price: String
        let skills: String
        let minutes: Int
        let active: Bool
    }

    func storeList(_ visit: ConsoleVisit) async throws -> Response {
        let language = visit.language
        let weekdays = (1...7).map { visit.t["weekday_\($0)"] ?? "\($0)" }
        let stores = try await referenceData.stores(by: visit.caller).map { store in
            StoreRow(
                code: store.code, name: store.name.text(in: language),
                address: [store.address.province, store.address.city, store.address.district, store.address.detail]
                    .joined(separator: " "),
                phone: store.phone,
                hours: (1...7).compactMap { day in
                    store.openingHours.hours(onWeekday: day).map { "\(weekdays[day - 1]) \($0.opens)–\($0.closes)" }
                }.joined(separator: ", "),
                bookingLink: "/book/\(store.code)")
        }
        let items = try await referenceData.catalog(by: visit.caller).map { item in
            ItemRow(
                code: item.code, name: item.name.text(in: language), unit: item.unit.text(in: language),
                price: item.unitPrice.formatted, skills: item.requiredSkills.joined(separator: ", "),
                minutes: item.estimatedMinutes, active: item.active)
        }
        return renderer.page(
            "stores",
            StoresPage(
                t: visit.t, chrome: visit.chrome(title: visit.t["stores_title"] ?? "", current: "stores"),
                stores: stores, items: items))
    }
}

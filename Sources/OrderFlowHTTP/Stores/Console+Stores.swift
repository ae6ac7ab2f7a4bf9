import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// Stores with their hours, and the service catalog with prices.
extension StoresChapter {
    struct StoresPage: Sendable {
        let stores: [StoreRow]
        let items: [ItemRow]
        let canManage: Bool
        let notice: String?
        let error: String?
    }

    struct StoreRow: Sendable {
        let code: String
        let name: String
        let address: String
        let phone: String
        let hours: String
        let bookingLink: String
        /// Set when the person may change this store's hours.
        let editLink: String?
    }

    struct ItemRow: Sendable {
        let code: String
        let name: String
        let unit: String
        let price: String
        let skills: String
        let minutes: Int
        let active: Bool
        /// The price as typed in the edit form: `128.00`.
        let priceInput: String
    }

    func storeList(
        _ visit: ConsoleVisit, notice: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
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
                bookingLink: "/book/\(store.code)",
                editLink: visit.caller.may(.manageStore, storeCode: store.code) ? "/console/stores/\(store.code)" : nil)
        }
        let items = try await referenceData.catalog(by: visit.caller).map { item in
            ItemRow(
                code: item.code, name: item.name.text(in: language), unit: item.unit.text(in: language),
                price: item.unitPrice.formatted, skills: item.requiredSkills.joined(separator: ", "),
                minutes: item.estimatedMinutes, active: item.active,
                priceInput: String(item.unitPrice.formatted.dropFirst()).replacingOccurrences(of: ",", with: ""))
        }
        return renderer.page(
            "stores", visit.frame(title: visit.t["stores_title"] ?? "", current: "stores"),
            StoresPage(
                stores: stores, items: items, canManage: visit.caller.mayAtAll(.manageReferenceData), notice: notice,
                error: error),
            status: status)
    }

    /// Price and availability of one item, from the catalog table's row form.
    func updateItem(_ request: Request, code: String, _ visit: ConsoleVisit) async throws -> Response {
        guard let form = await ConsoleForm.read(request),
            ConsoleGate.checkCSRF(form.mapValues { $0.first ?? "" }, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        guard let price = Money(yuanText: form["price"]?.first ?? "") else {
            return try await storeList(
                visit, error: "\(code): \(visit.t["stores_priceFormat"] ?? "")", status: .unprocessableContent)
        }
        do {
            _ = try await referenceData.updateServiceItem(
                code: code, unitPrice: price, active: form["active"]?.first == "on", by: visit.caller)
            return ConsoleRenderer.redirect("/console/stores?done=item")
        } catch AppError.invalid(let problems) {
            return try await storeList(
                visit, error: "\(code): " + problems.map { $0.message.text(in: visit.language) }.joined(separator: " "),
                status: .unprocessableContent)
        }
    }
}

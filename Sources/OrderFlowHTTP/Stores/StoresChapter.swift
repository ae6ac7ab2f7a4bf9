import Hummingbird
import OrderFlowCore

/// Stores and the service catalog: opening hours, items and their
/// preparation (reference data for every chapter).
struct StoresChapter: ConsoleChapter {
    let console: ConsoleRoutes
    static let name = "stores"

    static let navigation = [NavigationEntry(key: "stores", href: "/console/stores", action: .readReferenceData)]

    static let operations: [String: AccessAction] = [
        "listStores": .readReferenceData,
        "getStore": .readReferenceData,
        "updateStoreHours": .manageStore,
        "listServiceItems": .readReferenceData,
        "updateServiceItem": .manageReferenceData,
        "updateServicePreparation": .manageReferenceData,
    ]

    func addRoutes(to router: ChapterRoutes) {
        router.page("/console/stores", of: self) { request, _, visit in
            try await storeList(visit, notice: visit.doneNotice(request, "stores"))
        }
        router.page("/console/stores/:code", of: self) { request, parameters, visit in
            try await storeHours(
                parameters.require("code"), visit, notice: visit.doneNotice(request, "stores"))
        }
        router.page("/console/stores/:code", method: .post, of: self) { request, parameters, visit in
            try await saveStoreHours(request, code: parameters.require("code"), visit)
        }
        router.page("/console/catalog/:code/preparation", of: self) { request, parameters, visit in
            try await preparationPage(parameters.require("code"), visit)
        }
        router.page("/console/catalog/:code/preparation", method: .post, of: self) { request, parameters, visit in
            try await savePreparation(request, code: parameters.require("code"), visit)
        }
        router.page("/console/catalog/:code", method: .post, of: self) { request, parameters, visit in
            try await updateItem(request, code: parameters.require("code"), visit)
        }
    }
}

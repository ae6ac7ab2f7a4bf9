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
        router.get("/console/stores") { request, _ in
            try await signedIn(request) { visit in
                try await storeList(visit, notice: visit.doneNotice(request, "stores"))
            }
        }
        router.get("/console/stores/:code") { request, context in
            try await signedIn(request) { visit in
                try await storeHours(
                    context.parameters.require("code"), visit, notice: visit.doneNotice(request, "stores"))
            }
        }
        router.post("/console/stores/:code") { request, context in
            try await signedIn(request) {
                try await saveStoreHours(request, code: context.parameters.require("code"), $0)
            }
        }
        router.get("/console/catalog/:code/preparation") { request, context in
            try await signedIn(request) { try await preparationPage(context.parameters.require("code"), $0) }
        }
        router.post("/console/catalog/:code/preparation") { request, context in
            try await signedIn(request) {
                try await savePreparation(request, code: context.parameters.require("code"), $0)
            }
        }
        router.post("/console/catalog/:code") { request, context in
            try await signedIn(request) {
                try await updateItem(request, code: context.parameters.require("code"), $0)
            }
        }
    }
}

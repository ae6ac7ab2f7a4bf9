import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore

extension APIHandler {
    func listStores(_ input: Operations.ListStores.Input) async throws -> Operations.ListStores.Output {
        .ok(
            .init(
                body: .json(
                    .init(items: try await referenceData.stores(by: try caller).map(Components.Schemas.Store.init)))))
    }

    func getStore(_ input: Operations.GetStore.Input) async throws -> Operations.GetStore.Output {
        .ok(.init(body: .json(.init(try await referenceData.store(code: input.path.storeCode, by: try caller)))))
    }

    func listServiceItems(_ input: Operations.ListServiceItems.Input) async throws
        -> Operations.ListServiceItems.Output
    {
        let items = try await referenceData.catalog(by: try caller).map(Components.Schemas.ServiceItem.init)
        return .ok(.init(body: .json(.init(items: items))))
    }

    func updateServiceItem(_ input: Operations.UpdateServiceItem.Input) async throws
        -> Operations.UpdateServiceItem.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let item = try await referenceData.updateServiceItem(
            code: input.path.itemCode, unitPrice: body.unitPrice.map(Money.init(fen:)), active: body.active,
            by: try caller)
        return .ok(.init(body: .json(.init(item))))
    }
}

extension Components.Schemas.ServiceItem {
    init(_ item: ServiceItem) {
        self.init(
            code: item.code, name: .init(zhHans: item.name.zhHans, en: item.name.en),
            unit: .init(zhHans: item.unit.zhHans, en: item.unit.en), unitPrice: item.unitPrice.fen,
            requiredSkills: item.requiredSkills, estimatedMinutes: item.estimatedMinutes,
            location: item.location == .onSite ? .onSite : .inStore, active: item.active)
    }
}

extension Components.Schemas.Store {
    init(_ store: Store) {
        self.init(
            code: store.code, name: .init(zhHans: store.name.zhHans, en: store.name.en),
            address: .init(
                province: store.address.province, city: store.address.city, district: store.address.district,
                detail: store.address.detail),
            phone: store.phone, timeZone: store.timeZoneID,
            openingHours: store.openingHours.byWeekday.sorted { $0.key < $1.key }.map {
                .init(weekday: $0.key, opens: $0.value.opens.description, closes: $0.value.closes.description)
            },
            holidays: store.holidays.sorted().map(\.description))
    }
}

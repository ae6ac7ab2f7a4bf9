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

    func updateStoreHours(_ input: Operations.UpdateStoreHours.Input) async throws
        -> Operations.UpdateStoreHours.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        var problems: [FieldProblem] = []
        var hours: [Int: DailyHours] = [:]
        for (index, day) in body.openingHours.enumerated() {
            guard let opens = TimeOfDay(text: day.opens), let closes = TimeOfDay(text: day.closes) else {
                problems.append(StoreHoursInput.timeProblem("openingHours[\(index)]"))
                continue
            }
            hours[day.weekday] = DailyHours(opens: opens, closes: closes)
        }
        var holidays: Set<LocalDate> = []
        for (index, text) in body.holidays.enumerated() {
            guard let day = LocalDate(iso: text) else {
                problems.append(StoreHoursInput.dateProblem("holidays[\(index)]"))
                continue
            }
            holidays.insert(day)
        }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let store = try await referenceData.updateStoreHours(
            code: input.path.storeCode, openingHours: WeeklyOpeningHours(byWeekday: hours), holidays: holidays,
            phone: body.phone, by: try caller)
        return .ok(.init(body: .json(.init(store))))
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

    func updateServicePreparation(_ input: Operations.UpdateServicePreparation.Input) async throws
        -> Operations.UpdateServicePreparation.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let item = try await referenceData.updatePreparation(
            code: input.path.itemCode, body.preparation, by: try caller)
        return .ok(.init(body: .json(.init(item))))
    }
}

extension Components.Schemas.ServicePreparation {
    init(_ preparation: ServicePreparation) {
        self.init(
            checklist: preparation.checklist.map { entry in
                .init(
                    code: entry.code, kind: .init(rawValue: entry.kind.rawValue) ?? .tool,
                    name: .init(zhHans: entry.name.zhHans, en: entry.name.en))
            },
            serviceStandard: .init(zhHans: preparation.serviceStandard.zhHans, en: preparation.serviceStandard.en),
            safetyNotes: .init(zhHans: preparation.safetyNotes.zhHans, en: preparation.safetyNotes.en))
    }

    var preparation: ServicePreparation {
        ServicePreparation(
            checklist: checklist.map { entry in
                ChecklistEntry(
                    code: entry.code, kind: ChecklistKind(rawValue: entry.kind.rawValue) ?? .tool,
                    name: LocalizedText(zhHans: entry.name.zhHans, en: entry.name.en))
            },
            serviceStandard: LocalizedText(zhHans: serviceStandard.zhHans, en: serviceStandard.en),
            safetyNotes: LocalizedText(zhHans: safetyNotes.zhHans, en: safetyNotes.en))
    }
}

extension Components.Schemas.ServiceItem {
    init(_ item: ServiceItem) {
        self.init(
            code: item.code, name: .init(zhHans: item.name.zhHans, en: item.name.en),
            unit: .init(zhHans: item.unit.zhHans, en: item.unit.en), unitPrice: item.unitPrice.fen,
            requiredSkills: item.requiredSkills, estimatedMinutes: item.estimatedMinutes,
            location: item.location == .onSite ? .onSite : .inStore, active: item.active,
            preparation: .init(item.preparation),
            acceptance: item.acceptance.map(Components.Schemas.AcceptanceStandard.init),
            warranty: item.warranty.map(Components.Schemas.WarrantyPolicy.init))
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

/// Field problems for hours and days that cannot be read at all.
enum StoreHoursInput {
    static func timeProblem(_ field: String) -> FieldProblem {
        FieldProblem(
            field: field, code: "value.format",
            message: LocalizedText(zhHans: "时间格式应为 HH:MM", en: "Write times as HH:MM"))
    }

    static func dateProblem(_ field: String) -> FieldProblem {
        FieldProblem(
            field: field, code: "value.format",
            message: LocalizedText(zhHans: "日期格式应为 YYYY-MM-DD", en: "Write days as YYYY-MM-DD"))
    }
}

import Foundation
import OrderFlowCore
import OrderFlowStore

/// Stores and the service catalog: read by everyone, written by
/// administrators and the demo loader.
public struct ReferenceDataService: Sendable {
    let database: any OrderFlowDatabase
    let environment: AppEnvironment

    public init(database: any OrderFlowDatabase, environment: AppEnvironment = .live) {
        self.database = database
        self.environment = environment
    }

    public func stores(by caller: Caller) async throws -> [Store] {
        try caller.require(.readReferenceData)
        return try await database.read { try await StoreRecords.all(on: $0) }
    }

    /// Each store's time zone by code: what its dates are read in. Not
    /// personal and not secret, so every page may use it.
    public func timeZones() async throws -> [String: TimeZone] {
        Dictionary(
            try await database.read { try await StoreRecords.all(on: $0) }.map { ($0.code, $0.timeZone) },
            uniquingKeysWith: { first, _ in first })
    }

    public func store(code: String, by caller: Caller) async throws -> Store {
        try caller.require(.readReferenceData)
        guard let store = try await database.read({ try await StoreRecords.find(code: code, on: $0) }) else {
            throw AppError.notFound(
                LocalizedText(zhHans: "找不到门店 \(code.prefix(40))", en: "No store \(code.prefix(40))"))
        }
        return store
    }

    public func catalog(by caller: Caller) async throws -> [ServiceItem] {
        try caller.require(.readReferenceData)
        return try await database.read { try await CatalogRecords.all(on: $0) }
    }

    public func save(stores: [Store], items: [ServiceItem]) async throws {
        let now = environment.now()
        try await database.write { db in
            for store in stores { try await StoreRecords.save(store, at: now, on: db) }
            for item in items { try await CatalogRecords.save(item, at: now, on: db) }
        }
    }

    /// The most a catalog price may be: ¥1,000,000.
    public static let maximumPrice = Money(fen: 100_000_000)

    /// Changes an item's price or whether it is offered; later orders use
    /// the new values (R2.3), earlier ones keep theirs. Audited.
    /// Replaces a catalog item's checklist, service standard and safety notes
    /// (R3.5, R3.6); audited. Jobs show the new ones from then on.
    public func updatePreparation(code: String, _ preparation: ServicePreparation, by caller: Caller) async throws
        -> ServiceItem
    {
        try caller.require(.manageReferenceData)
        let problems = preparation.problems
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        guard var item = try await catalog(by: caller).first(where: { $0.code == code }) else {
            throw AppError.notFound(
                LocalizedText(zhHans: "找不到服务项目 \(code.prefix(40))", en: "No service item \(code.prefix(40))"))
        }
        item.preparation = preparation
        let now = environment.now()
        let changed = item
        let detail = try JSONCoding.canonicalString(preparation)
        try await database.write { db in
            try await CatalogRecords.save(changed, at: now, on: db)
            try await AuditLog.append(
                actor: caller.actor, action: "catalog.preparationChanged", outcome: .succeeded, subject: code,
                detailJSON: detail, at: now, on: db)
        }
        return changed
    }

    /// An item's acceptance criteria (R5.1), audited.
    public func updateAcceptance(code: String, _ standard: AcceptanceStandard, by caller: Caller) async throws
        -> ServiceItem
    {
        try await changeItem(
            code, problems: standard.problems, action: "catalog.acceptanceChanged", detail: standard, by: caller
        ) {
            $0.acceptance = standard
        }
    }

    /// An item's warranty policy (R6.1), audited.
    public func updateWarranty(code: String, _ policy: WarrantyPolicy, by caller: Caller) async throws -> ServiceItem {
        try await changeItem(
            code, problems: policy.problems, action: "catalog.warrantyChanged", detail: policy, by: caller
        ) {
            $0.warranty = policy
        }
    }

    private func changeItem<Detail: Encodable & Sendable>(
        _ code: String, problems: [FieldProblem], action: String, detail: Detail, by caller: Caller,
        _ change: (inout ServiceItem) -> Void
    ) async throws -> ServiceItem {
        try caller.require(.manageReferenceData)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        guard var item = try await catalog(by: caller).first(where: { $0.code == code }) else {
            throw AppError.notFound(
                LocalizedText(zhHans: "找不到服务项目 \(code.prefix(40))", en: "No service item \(code.prefix(40))"))
        }
        change(&item)
        let now = environment.now()
        let changed = item
        let json = try JSONCoding.canonicalString(detail)
        try await database.write { db in
            try await CatalogRecords.save(changed, at: now, on: db)
            try await AuditLog.append(
                actor: caller.actor, action: action, outcome: .succeeded, subject: code, detailJSON: json, at: now,
                on: db)
        }
        return changed
    }

    public func updateServiceItem(code: String, unitPrice: Money?, active: Bool?, by caller: Caller) async throws
        -> ServiceItem
    {
        try caller.require(.manageReferenceData)
        guard var item = try await catalog(by: caller).first(where: { $0.code == code }) else {
            throw AppError.notFound(
                LocalizedText(zhHans: "找不到服务项目 \(code.prefix(40))", en: "No service item \(code.prefix(40))"))
        }
        let before = item
        if let unitPrice {
            guard unitPrice >= .zero, unitPrice <= Self.maximumPrice else {
                throw AppError.invalid([
                    FieldProblem(
                        field: "unitPrice", code: "catalog.priceOutOfRange",
                        message: LocalizedText(
                            zhHans: "单价须在 ¥0 到 \(Self.maximumPrice.formatted) 之间",
                            en: "The price must be from ¥0 to \(Self.maximumPrice.formatted)"))
                ])
            }
            item.unitPrice = unitPrice
        }
        if let active { item.active = active }
        let now = environment.now()
        let changed = item
        let detail = try JSONCoding.canonicalString([
            "code": code, "priceBefore": String(before.unitPrice.fen), "priceAfter": String(changed.unitPrice.fen),
            "activeBefore": String(before.active), "activeAfter": String(changed.active),
        ])
        try await database.write { db in
            try await CatalogRecords.save(changed, at: now, on: db)
            try await AuditLog.append(
                actor: caller.actor, action: "catalog.itemChanged", outcome: .succeeded, subject: code,
                detailJSON: detail, at: now, on: db)
        }
        return changed
    }

    /// Replaces a store's opening hours, holidays and phone. Appointments
    /// already taken stay; new ones are checked against the new hours. Audited.
    public func updateStoreHours(
        code: String, openingHours: WeeklyOpeningHours, holidays: Set<LocalDate>, phone: String, by caller: Caller
    ) async throws -> Store {
        try caller.require(.manageStore)
        try caller.require(
            .manageStore, storeCode: code,
            otherwise: .notFound(LocalizedText(zhHans: "找不到门店 \(code.prefix(40))", en: "No store \(code.prefix(40))")))
        var store = try await self.store(code: code, by: caller)
        store.openingHours = openingHours
        store.holidays = holidays
        store.phone = PhoneNumber.normalized(phone) ?? phone
        let problems = store.hoursProblems()
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let now = environment.now()
        let changed = store
        let detail = try JSONCoding.canonicalString([
            "openingHours": try JSONCoding.canonicalString(changed.openingHours),
            "holidays": changed.holidays.sorted().map(\.description).joined(separator: ","), "phone": changed.phone,
        ])
        try await database.write { db in
            try await StoreRecords.save(changed, at: now, on: db)
            // New hours or holidays move every running deadline of the store (R4.4).
            try await StageWatchRecords.markAllChanged(storeCode: code, at: now, on: db)
            try await AuditLog.append(
                actor: caller.actor, action: "store.hoursChanged", outcome: .succeeded, storeCode: code, subject: code,
                detailJSON: detail, at: now, on: db)
        }
        return changed
    }
}

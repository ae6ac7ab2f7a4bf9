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
}

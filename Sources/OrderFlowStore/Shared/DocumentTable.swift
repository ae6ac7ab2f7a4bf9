import Foundation
import OrderFlowCore
import SQLKit

/// A table that keeps each record of an order as one JSON document beside
/// the columns it is found by (`id`, `order_id`, `store_code`, `version`
/// and a time): warranty claims, problem cases, and the settlement's and
/// archive's records to come. One way to find, list and save them.
public struct DocumentTable<Document: OrderDocument>: Sendable {
    let name: String
    /// The column holding the JSON document.
    let column: String
    /// The column of the moment the record began, for "in the order it happened".
    let time: String

    public init(_ name: String, document column: String, time: String) {
        self.name = name
        self.column = column
        self.time = time
    }

    public func find(id: UUID, on db: any SQLDatabase) async throws -> Document? {
        try await documents(where: ["id = \(bind: id.uuidString)"], stores: nil, orderBy: "id", limit: 1, on: db).first
    }

    /// The order's records, oldest first.
    public func forOrder(_ orderID: UUID, on db: any SQLDatabase) async throws -> [Document] {
        try await documents(
            where: ["order_id = \(bind: orderID.uuidString)"], stores: nil, orderBy: "\(time), id", on: db)
    }

    /// Records that began in a period, oldest first, for the reports.
    public func began(stores: Set<String>?, from: Date, before: Date, on db: any SQLDatabase) async throws
        -> [Document]
    {
        try await documents(
            where: [
                "\(unsafeRaw: time) >= \(bind: from.epochMilliseconds)",
                "\(unsafeRaw: time) < \(bind: before.epochMilliseconds)",
            ], stores: stores, orderBy: time, on: db)
    }

    /// The documents matching every condition, in the stores given (nil:
    /// all stores; empty: none, so nothing is read).
    func documents(
        where conditions: [SQLQueryString], stores: Set<String>?, orderBy: String, limit: Int? = nil,
        on db: any SQLDatabase
    ) async throws -> [Document] {
        var conditions = conditions
        if let stores {
            guard !stores.isEmpty else { return [] }
            conditions.append("store_code IN (\(binds: stores.sorted()))")
        }
        let filter = conditions.isEmpty ? SQLQueryString("1 = 1") : conditions.joined(separator: " AND ")
        let page = limit.map { " LIMIT \(max(1, $0))" } ?? ""
        return try await db.raw(
            """
            SELECT \(unsafeRaw: column) FROM \(unsafeRaw: name) WHERE \(filter)
            ORDER BY \(unsafeRaw: orderBy)\(unsafeRaw: page)
            """
        ).all().map { try $0.json(column, as: Document.self) }
    }

    /// Saves `document` over the version it was read at, with the columns it
    /// is found by, and returns it with its new version; a stale write
    /// (someone saved first) is refused.
    public func update(
        _ document: Document, expectedVersion: Int, setting columns: [SQLQueryString], on db: any SQLDatabase
    ) async throws -> Document {
        var saved = document
        saved.version = expectedVersion + 1
        let assignments =
            (columns + [
                "\(unsafeRaw: column) = \(bind: try JSONCoding.string(saved))",
                "version = \(bind: Int64(saved.version))",
            ])
            .joined(separator: ", ")
        let rows = try await db.raw(
            """
            UPDATE \(unsafeRaw: name) SET \(assignments)
            WHERE id = \(bind: saved.id.uuidString) AND version = \(bind: Int64(expectedVersion))
            RETURNING id
            """
        ).all()
        guard !rows.isEmpty else { throw StoreError.staleVersion }
        return saved
    }
}

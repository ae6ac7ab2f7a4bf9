import Foundation
import SQLKit

/// Tables that keep each record as one JSON document beside the columns it
/// is found by (warranty claims, problem cases, and the settlement's and
/// archive's records to come): one way to read a page of them for the
/// stores a caller sees.
enum DocumentTable {
    /// The documents of `table` matching every condition, in the stores
    /// given (nil: all stores; empty: none, so nothing is read).
    static func documents<Document: Decodable>(
        _ type: Document.Type, column: String, from table: String, where conditions: [SQLQueryString],
        stores: Set<String>?, orderBy: String, limit: Int? = nil, on db: any SQLDatabase
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
            SELECT \(unsafeRaw: column) FROM \(unsafeRaw: table) WHERE \(filter)
            ORDER BY \(unsafeRaw: orderBy)\(unsafeRaw: page)
            """
        ).all().map { try $0.json(column, as: Document.self) }
    }

    /// Saves a document over the version it was read at, with the columns
    /// it is found by; a stale write (someone saved first) is refused.
    static func update<Document: Encodable>(
        _ document: Document, id: UUID, version: Int, expectedVersion: Int, column: String, in table: String,
        setting columns: [SQLQueryString], on db: any SQLDatabase
    ) async throws {
        let assignments =
            (columns + [
                "\(unsafeRaw: column) = \(bind: try JSONCoding.string(document))", "version = \(bind: Int64(version))",
            ])
            .joined(separator: ", ")
        let rows = try await db.raw(
            """
            UPDATE \(unsafeRaw: table) SET \(assignments)
            WHERE id = \(bind: id.uuidString) AND version = \(bind: Int64(expectedVersion))
            RETURNING id
            """
        ).all()
        guard !rows.isEmpty else { throw StoreError.staleVersion }
    }
}

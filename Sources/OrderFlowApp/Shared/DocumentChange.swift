import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// An order's versioned document as a service changes it (a warranty claim,
/// a problem case; the settlement's and the archive's records to come): where
/// it is kept, the right it takes, and what to answer when it is not there or
/// no longer open.
struct OrderDocumentKind<Document: OrderDocument>: Sendable {
    let table: DocumentTable<Document>
    /// Saves over the version read, with the columns the document is found by.
    let save: @Sendable (Document, _ expectedVersion: Int, any SQLDatabase) async throws -> Document
    let right: AccessAction
    let record: VersionedRecord
    let notFound: AppError
    let notOpen: AppError
    let isOpen: @Sendable (Document) -> Bool
}

extension AppService {
    /// Changes one document of an order in one transaction: found within the
    /// caller's stores for the kind's right (else "not found", as if it did
    /// not exist), at the version the caller read (`ifMatch`), still open;
    /// then `change`d and saved over the version it was read at.
    func changeDocument<Document: OrderDocument>(
        _ id: UUID, of kind: OrderDocumentKind<Document>, ifMatch version: Int?, by caller: Caller,
        _ change: @escaping @Sendable (inout Document, Order, any SQLDatabase) async throws -> Void
    ) async throws -> Document {
        try await write { db in
            guard let found = try await kind.table.find(id: id, on: db),
                caller.may(kind.right, storeCode: found.storeCode),
                let order = try await OrderRecords.find(id: found.orderID, on: db)
            else { throw kind.notFound }
            if let version, version != found.version {
                throw AppError.versionMismatch(current: found.version, record: kind.record)
            }
            guard kind.isOpen(found) else { throw kind.notOpen }
            var document = found
            try await change(&document, order, db)
            return try await kind.save(document, found.version, db)
        }
    }
}

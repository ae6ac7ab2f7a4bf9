import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

extension DeliveryService {
    /// Stores a photo or document for an order: from a technician on the
    /// job, or staff who handle its delivery. Checked by its bytes (type and
    /// size, R5.2); the bytes go to the storage first, then the record, so a
    /// failure leaves at worst an unreferenced file.
    public func upload(
        _ data: Data, kind: AttachmentKind, declaredType: String?, fileName: String?, to reference: String,
        by caller: Caller
    ) async throws -> Attachment {
        let type = try Self.checked(data, kind: kind, declaredType: declaredType)
        let sha = Hashing.sha256Hex(data)
        try await storage.put(data, sha256: sha)
        let now = environment.now()
        let id = environment.newID()
        return try await database.write { db in
            let order = try await Self.orderToRecordOn(reference, by: caller, on: db)
            return try await AttachmentRecords.insert(
                Attachment(
                    id: id, orderID: order.id, kind: kind, type: type, sizeBytes: data.count, sha256: sha,
                    fileName: Self.fileName(fileName, type: type), uploadedBy: caller.actor.description,
                    uploadedAt: now), on: db)
        }
    }

    /// A customer's photo, through their tracking link (for a rejection or a claim).
    public func upload(_ data: Data, declaredType: String?, fileName: String?, trackingToken: String) async throws
        -> Attachment
    {
        let type = try Self.checked(data, kind: .photo, declaredType: declaredType)
        let sha = Hashing.sha256Hex(data)
        let now = environment.now()
        let id = environment.newID()
        let order = try await database.read { try await OrderLookup.byTrackingLink(trackingToken, on: $0) }
        // A link may be shared: a bounded number of photos per order.
        let count = try await database.read { try await AttachmentRecords.forOrder(order.id, on: $0) }.filter {
            $0.uploadedBy.hasPrefix("customer:")
        }.count
        guard count < 30 else {
            throw AppError.conflict(
                code: "attachment.enough",
                message: LocalizedText(
                    zhHans: "该订单已上传较多照片，如需补充请致电门店", en: "This order has enough photos; please call the store"))
        }
        try await storage.put(data, sha256: sha)
        return try await database.write { db in
            try await AttachmentRecords.insert(
                Attachment(
                    id: id, orderID: order.id, kind: .photo, type: type, sizeBytes: data.count, sha256: sha,
                    fileName: Self.fileName(fileName, type: type), uploadedBy: "customer:tracking-link",
                    uploadedAt: now), on: db)
        }
    }

    /// The bytes of an attachment of an order the caller may read.
    public func attachment(_ id: UUID, by caller: Caller) async throws -> (Attachment, Data) {
        let found = try await database.read { db -> Attachment? in
            guard let attachment = try await AttachmentRecords.find(id: id, on: db),
                let order = try await OrderRecords.find(id: attachment.orderID, on: db)
            else { return nil }
            let own = try await Self.isOwnJob(order, caller, on: db)
            return caller.may(.readOrder, storeCode: order.storeCode, ownJob: own) ? attachment : nil
        }
        return try await bytes(of: found)
    }

    /// The bytes of an attachment of the link's order.
    public func attachment(_ id: UUID, trackingToken: String) async throws -> (Attachment, Data) {
        let found = try await database.read { db -> Attachment? in
            let order = try await OrderLookup.byTrackingLink(trackingToken, on: db)
            guard let attachment = try await AttachmentRecords.find(id: id, on: db), attachment.orderID == order.id
            else { return nil }
            return attachment
        }
        return try await bytes(of: found)
    }

    private func bytes(of attachment: Attachment?) async throws -> (Attachment, Data) {
        guard let attachment, let data = try await storage.get(sha256: attachment.sha256) else {
            throw AppError.notFound(LocalizedText(zhHans: "找不到该附件", en: "No such attachment"))
        }
        return (attachment, data)
    }

    static func checked(_ data: Data, kind: AttachmentKind, declaredType: String?) throws -> AttachmentType {
        switch Attachment.check(data, as: kind, declaredType: declaredType) {
        case .success(let type): return type
        case .failure(let failure): throw failure.appError
        }
    }

    /// A safe display name: no path, no control characters, at most 100 characters.
    static func fileName(_ given: String?, type: AttachmentType) -> String {
        let base = (given ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(base.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.prefix(100))
            .trimmingCharacters(in: .whitespaces)
        return cleaned.isEmpty ? "attachment.\(type.fileExtension)" : cleaned
    }

    /// The order if the caller may add to its delivery: a technician on
    /// the job, or staff handling delivery for its store.
    static func orderToRecordOn(_ reference: String, by caller: Caller, on db: any SQLDatabase) async throws -> Order {
        guard let order = try await OrderLookup.find(reference, on: db) else {
            throw AppError.orderNotFound(reference)
        }
        let own = try await isOwnJob(order, caller, on: db)
        guard caller.may(.readOrder, storeCode: order.storeCode, ownJob: own) else {
            throw AppError.orderNotFound(reference)
        }
        guard
            caller.may(.workOnJob, storeCode: order.storeCode, ownJob: own)
                || caller.may(.handleDelivery, storeCode: order.storeCode)
        else { throw AppError.notAllowed }
        return order
    }
}

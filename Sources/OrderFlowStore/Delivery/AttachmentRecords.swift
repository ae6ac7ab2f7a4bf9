import Foundation
import OrderFlowCore
import SQLKit

/// The `attachments` table: what each stored file is and whose; the bytes
/// are in the attachment storage under their SHA-256.
public enum AttachmentRecords {
    /// Records the file, or returns the record of the same bytes already
    /// stored on this order as this kind (an upload sent twice is kept once).
    public static func insert(_ attachment: Attachment, on db: any SQLDatabase) async throws -> Attachment {
        try await db.raw(
            """
            INSERT INTO attachments (id, order_id, kind, content_type, size_bytes, sha256, file_name, uploaded_by,
                                     uploaded_at)
            VALUES (\(bind: attachment.id.uuidString), \(bind: attachment.orderID.uuidString),
                    \(bind: attachment.kind.rawValue), \(bind: attachment.type.rawValue),
                    \(bind: Int64(attachment.sizeBytes)), \(bind: attachment.sha256), \(bind: attachment.fileName),
                    \(bind: attachment.uploadedBy), \(bind: attachment.uploadedAt.epochMilliseconds))
            ON CONFLICT (order_id, kind, sha256) DO NOTHING
            """
        ).run()
        let row = try await db.raw(
            """
            SELECT * FROM attachments WHERE order_id = \(bind: attachment.orderID.uuidString)
              AND kind = \(bind: attachment.kind.rawValue) AND sha256 = \(bind: attachment.sha256)
            """
        ).first()
        guard let row else { return attachment }
        return try Self.attachment(row)
    }

    public static func find(id: UUID, on db: any SQLDatabase) async throws -> Attachment? {
        try await db.raw("SELECT * FROM attachments WHERE id = \(bind: id.uuidString)").first().map(Self.attachment)
    }

    public static func forOrder(_ orderID: UUID, on db: any SQLDatabase) async throws -> [Attachment] {
        try await db.raw(
            "SELECT * FROM attachments WHERE order_id = \(bind: orderID.uuidString) ORDER BY uploaded_at, id"
        ).all().map(Self.attachment)
    }

    static func attachment(_ row: any SQLRow) throws -> Attachment {
        Attachment(
            id: try row.uuid("id"), orderID: try row.uuid("order_id"),
            kind: try row.enum("kind", as: AttachmentKind.self),
            type: try row.enum("content_type", as: AttachmentType.self), sizeBytes: Int(try row.int("size_bytes")),
            sha256: try row.text("sha256"), fileName: try row.text("file_name"),
            uploadedBy: try row.text("uploaded_by"), uploadedAt: try row.instant("uploaded_at"))
    }
}

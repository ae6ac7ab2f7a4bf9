import Foundation

/// What a stored file is for: a photo of the work or of a problem, another
/// document (a test report, a parts invoice), or a customer's signature.
public enum AttachmentKind: String, Hashable, Codable, Sendable, CaseIterable {
    case photo
    case document
    case signature

    /// The content types accepted for the kind, read from the file's first
    /// bytes, never from what the sender claims.
    public var allowedTypes: [AttachmentType] {
        switch self {
        case .photo: [.jpeg, .png, .webp]
        case .document: [.pdf, .jpeg, .png]
        case .signature: [.png]
        }
    }

    /// Phone photos are 2–6 MB; a drawn signature is a few kilobytes.
    public var maximumBytes: Int {
        switch self {
        case .photo: 10 * 1024 * 1024
        case .document: 10 * 1024 * 1024
        case .signature: 256 * 1024
        }
    }

    public var label: LocalizedText {
        switch self {
        case .photo: LocalizedText(zhHans: "照片", en: "Photo")
        case .document: LocalizedText(zhHans: "文件", en: "Document")
        case .signature: LocalizedText(zhHans: "签名", en: "Signature")
        }
    }
}

/// The file types OrderFlow stores, recognised by their magic numbers.
public enum AttachmentType: String, Hashable, Codable, Sendable, CaseIterable {
    case jpeg = "image/jpeg"
    case png = "image/png"
    case webp = "image/webp"
    case pdf = "application/pdf"

    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        case .pdf: "pdf"
        }
    }

    /// The type the bytes are, or nil for anything else.
    public static func sniff(_ data: Data) -> AttachmentType? {
        let head = [UInt8](data.prefix(12))
        func starts(_ bytes: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + bytes.count && Array(head[offset..<(offset + bytes.count)]) == bytes
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        return nil
    }
}

/// A stored file's record: the bytes live behind the attachment storage,
/// addressed by their SHA-256; the database keeps what they are and whose.
public struct Attachment: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var orderID: UUID
    public var kind: AttachmentKind
    public var type: AttachmentType
    public var sizeBytes: Int
    public var sha256: String
    public var fileName: String
    public var uploadedBy: String
    public var uploadedAt: Date

    public init(
        id: UUID, orderID: UUID, kind: AttachmentKind, type: AttachmentType, sizeBytes: Int, sha256: String,
        fileName: String, uploadedBy: String, uploadedAt: Date
    ) {
        self.id = id
        self.orderID = orderID
        self.kind = kind
        self.type = type
        self.sizeBytes = sizeBytes
        self.sha256 = sha256
        self.fileName = fileName
        self.uploadedBy = uploadedBy
        self.uploadedAt = uploadedAt
    }

    /// The type of `data` if it may be stored as `kind`, or why not: empty,
    /// too large, not a type the kind takes, or not what the sender said.
    public static func check(_ data: Data, as kind: AttachmentKind, declaredType: String?, field: String = "file")
        -> Result<AttachmentType, ValidationFailure>
    {
        guard !data.isEmpty else {
            return .failure(
                ValidationFailure([
                    FieldProblem(
                        field: field, code: "attachment.empty",
                        message: LocalizedText(zhHans: "文件为空", en: "The file is empty"))
                ]))
        }
        guard data.count <= kind.maximumBytes else {
            let limit = Self.size(kind.maximumBytes)
            return .failure(
                ValidationFailure([
                    FieldProblem(
                        field: field, code: "attachment.tooLarge",
                        message: LocalizedText(
                            zhHans: "\(kind.label.zhHans)不能超过 \(limit)",
                            en: "A \(kind.label.en.lowercased()) may be at most \(limit)"))
                ]))
        }
        let names = kind.allowedTypes.map(\.fileExtension).joined(separator: " / ").uppercased()
        guard let type = AttachmentType.sniff(data), kind.allowedTypes.contains(type) else {
            return .failure(
                ValidationFailure([
                    FieldProblem(
                        field: field, code: "attachment.type",
                        message: LocalizedText(
                            zhHans: "\(kind.label.zhHans)须为 \(names) 格式",
                            en: "A \(kind.label.en.lowercased()) must be \(names)"))
                ]))
        }
        let declared = declaredType?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        if let declared, !declared.isEmpty, declared != "application/octet-stream", declared != type.rawValue {
            return .failure(
                ValidationFailure([
                    FieldProblem(
                        field: field, code: "attachment.typeMismatch",
                        message: LocalizedText(
                            zhHans: "文件内容（\(type.fileExtension.uppercased())）与声明的类型不符",
                            en: "The file is \(type.fileExtension.uppercased()), not what its type says"))
                ]))
        }
        return .success(type)
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1024 * 1024 ? "\(bytes / (1024 * 1024)) MB" : "\(bytes / 1024) KB"
    }
}

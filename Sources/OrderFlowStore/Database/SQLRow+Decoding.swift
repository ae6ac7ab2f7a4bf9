import Foundation
import SQLKit

/// Column decoding shared by every repository. Both engines store the same
/// portable types: TEXT, BIGINT, and JSON as TEXT; instants as milliseconds
/// since 1970 (UTC).
extension SQLRow {
    func text(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    func optionalText(_ column: String) throws -> String? { try decode(column: column, as: String?.self) }
    func int(_ column: String) throws -> Int64 { try decode(column: column, as: Int64.self) }
    func optionalInt(_ column: String) throws -> Int64? { try decode(column: column, as: Int64?.self) }
    func bool(_ column: String) throws -> Bool { try int(column) != 0 }

    func instant(_ column: String) throws -> Date { Date(epochMilliseconds: try int(column)) }

    func uuid(_ column: String) throws -> UUID {
        let raw = try text(column)
        guard let id = UUID(uuidString: raw) else { throw StoreError.corruptRow("\(column) is not a UUID") }
        return id
    }

    func json<T: Decodable>(_ column: String, as type: T.Type) throws -> T {
        let raw = try text(column)
        do {
            return try JSONCoding.decoder.decode(T.self, from: Data(raw.utf8))
        } catch {
            throw StoreError.corruptRow("\(column) holds unreadable JSON")
        }
    }

    func `enum`<T: RawRepresentable>(_ column: String, as type: T.Type) throws -> T where T.RawValue == String {
        let raw = try text(column)
        guard let value = T(rawValue: raw) else { throw StoreError.corruptRow("\(column) has unknown value \(raw)") }
        return value
    }
}

extension Date {
    public init(epochMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(epochMilliseconds) / 1000)
    }

    public var epochMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}

/// One JSON configuration for everything stored as JSON. Instants are
/// milliseconds since 1970, like the columns. The built-in strategy is used
/// rather than a custom closure, and keys are not sorted: both measured as a
/// large share of an order creation, and stored texts are never compared (the
/// event hash covers the stored bytes as they are); `canonicalEncoder` is for
/// the one place that compares.
public enum JSONCoding {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()

    /// Equal values give equal text: for hashing a request to recognise its retry.
    public static let canonicalEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()

    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    public static func string<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public static func canonicalString<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try canonicalEncoder.encode(value), as: UTF8.self)
    }
}

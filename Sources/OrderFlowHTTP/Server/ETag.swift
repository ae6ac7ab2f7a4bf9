import Foundation

/// Entity tags carry an order's version: `"v3"`. Clients send them back in
/// `If-Match` so that a change based on a stale read is refused (412).
enum ETag {
    static func make(version: Int) -> String { "\"v\(version)\"" }

    /// The version named by an `If-Match` value; nil for absent or `*`.
    /// A value that names no version cannot match anything: version 0.
    static func version(fromIfMatch header: String?) -> Int? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty, header != "*" else {
            return nil
        }
        var text = Substring(header)
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        text = text.drop { $0 == "\"" }
        while text.last == "\"" { text = text.dropLast() }
        guard text.first == "v", let version = Int(text.dropFirst()) else { return 0 }
        return version
    }
}

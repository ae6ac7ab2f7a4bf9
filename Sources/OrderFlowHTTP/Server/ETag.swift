import Foundation
import OrderFlowApp
import OrderFlowCore

/// Entity tags carry an order's version: `"v3"`. Clients send them back in
/// `If-Match` so that a change based on a stale read is refused (412).
enum ETag {
    static func make(version: Int) -> String { "\"v\(version)\"" }

    /// The version named by an `If-Match` value; nil for absent or `*`.
    /// Entity tags are quoted (RFC 9110 §8.8.3): `v1` or `"v1` is refused
    /// with a 422 on the header rather than read as `"v1"`. A well-formed
    /// tag of someone else's (`"abc"`) cannot match anything: version 0.
    static func version(fromIfMatch header: String?) throws -> Int? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty, header != "*" else {
            return nil
        }
        // A list names the first tag we can read; each must be well-formed.
        var named: Int?
        for part in header.split(separator: ",", omittingEmptySubsequences: false) {
            guard let tag = opaqueTag(part.trimmingCharacters(in: .whitespaces)) else { throw malformed }
            if named == nil, tag.first == "v", let version = Int(tag.dropFirst()), version >= 0 { named = version }
        }
        return named ?? 0
    }

    /// The text between the quotes of `"…"` or `W/"…"`; nil when not an entity tag.
    private static func opaqueTag(_ text: String) -> Substring? {
        var rest = Substring(text)
        if rest.hasPrefix("W/") { rest = rest.dropFirst(2) }
        guard rest.count >= 2, rest.first == "\"", rest.last == "\"" else { return nil }
        let inner = rest.dropFirst().dropLast()
        // etagc: visible characters but the quote, and obs-text.
        guard
            inner.unicodeScalars.allSatisfy({ $0.value == 0x21 || (0x23...0x7E).contains($0.value) || $0.value >= 0x80 }
            )
        else { return nil }
        return inner
    }

    static var malformed: AppError {
        .invalid([
            FieldProblem(
                field: "If-Match", code: "ifMatch.malformed",
                message: LocalizedText(
                    zhHans: "If-Match 须为带引号的实体标签，如 \"v3\"", en: "If-Match must be a quoted entity tag such as \"v3\""))
        ])
    }
}

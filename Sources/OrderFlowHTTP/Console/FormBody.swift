import Foundation
import NIOCore

/// `application/x-www-form-urlencoded` bodies.
enum FormBody {
    /// The first value of each field.
    static func parse(_ buffer: ByteBuffer) -> [String: String] {
        parseAll(buffer).compactMapValues(\.first)
    }

    /// Every value of each field, in order (repeated fields such as order lines).
    static func parseAll(_ buffer: ByteBuffer) -> [String: [String]] {
        var fields: [String: [String]] = [:]
        let text = String(buffer: buffer)
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard let rawName = parts.first else { continue }
            fields[decode(rawName), default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
        return fields
    }

    private static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
    }
}

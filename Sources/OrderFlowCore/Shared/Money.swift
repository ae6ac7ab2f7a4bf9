import Foundation

/// An amount in CNY fen (分). Money is never a floating-point number here:
/// every sum, product and comparison is exact (DESIGN.md §3).
public struct Money: Hashable, Comparable, Codable, Sendable {
    public var fen: Int64

    public init(fen: Int64) { self.fen = fen }

    public static let zero = Money(fen: 0)

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.fen < rhs.fen }

    /// Adds, or returns nil when the sum would overflow: an impossible
    /// amount is reported as a problem, never wrapped around.
    public func adding(_ other: Money) -> Money? {
        let (sum, overflow) = fen.addingReportingOverflow(other.fen)
        return overflow ? nil : Money(fen: sum)
    }

    /// Multiplies by a quantity, or returns nil on overflow.
    public func multiplied(by quantity: Int) -> Money? {
        let (product, overflow) = fen.multipliedReportingOverflow(by: Int64(quantity))
        return overflow ? nil : Money(fen: product)
    }

    /// "¥1,234.50": the form people read on screens, messages and receipts.
    public var formatted: String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let yuan = magnitude / 100
        let cents = magnitude % 100
        var digits = String(yuan)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        let centsText = cents < 10 ? "0\(cents)" : "\(cents)"
        return "\(sign)¥\(digits)\(grouped).\(centsText)"
    }
}

extension Money {
    /// Reads an amount people type: `128`, `128.5`, `¥1,280.00`. Nil for
    /// anything else, negative amounts and more than two decimals included.
    public init?(yuanText text: String) {
        let cleaned = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
            .replacingOccurrences(of: "¥", with: "")
        let parts = cleaned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 12,
            parts[0].allSatisfy(\.isASCII), let yuan = Int64(parts[0]), yuan >= 0
        else { return nil }
        var cents: Int64 = 0
        if parts.count == 2 {
            let decimals = parts[1]
            guard (1...2).contains(decimals.count), decimals.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int64(decimals)
            else { return nil }
            cents = decimals.count == 1 ? value * 10 : value
        }
        self.init(fen: yuan * 100 + cents)
    }
}

extension Money: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self.init(fen: value) }
}

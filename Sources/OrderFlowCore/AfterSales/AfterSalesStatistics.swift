import Foundation

/// One after-sales request or complaint, as the statistics read it (R6.5).
public struct AfterSalesFact: Hashable, Sendable {
    public enum Source: String, Hashable, Codable, Sendable, CaseIterable {
        case claim
        case complaint
    }

    public var at: Date
    public var storeCode: String
    /// Empty when not known (complaints are about orders, not items).
    public var itemCode: String
    public var technicianIDs: [UUID]
    public var problem: String
    public var source: Source
    /// The warranty check's outcome for claims; nil for complaints.
    public var eligible: Bool?

    public init(
        at: Date, storeCode: String, itemCode: String, technicianIDs: [UUID], problem: String, source: Source,
        eligible: Bool?
    ) {
        self.at = at
        self.storeCode = storeCode
        self.itemCode = itemCode
        self.technicianIDs = technicianIDs
        self.problem = problem
        self.source = source
        self.eligible = eligible
    }
}

/// Common problems and complaint hot spots (R6.5): claims and complaints
/// grouped by one dimension.
public enum AfterSalesStatistics {
    public enum Dimension: String, Hashable, Codable, Sendable, CaseIterable {
        case problem
        case item
        case store
        case technician
        case month
    }

    public struct Row: Hashable, Sendable {
        /// The problem code, item code, store code, technician id or month
        /// (`2026-12`); `none` for facts without one.
        public var key: String
        public var total: Int
        public var claims: Int
        public var complaints: Int
        /// Claims the warranty covered.
        public var eligible: Int

        public init(key: String, total: Int = 0, claims: Int = 0, complaints: Int = 0, eligible: Int = 0) {
            self.key = key
            self.total = total
            self.claims = claims
            self.complaints = complaints
            self.eligible = eligible
        }
    }

    public static let none = "none"

    /// Rows by total, then by key. A fact with two technicians counts for
    /// each of them: the question is "where do problems come from", not a sum.
    /// Months are the calendar months of `zone`, where the stores are.
    public static func rows(_ facts: [AfterSalesFact], by dimension: Dimension, in zone: TimeZone = .shanghai)
        -> [Row]
    {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        func orNone(_ text: String) -> String { text.isEmpty ? none : text }
        var rows: [String: Row] = [:]
        for fact in facts {
            let keys: [String] =
                switch dimension {
                case .problem: [orNone(fact.problem)]
                case .item: [orNone(fact.itemCode)]
                case .store: [orNone(fact.storeCode)]
                case .technician:
                    fact.technicianIDs.isEmpty ? [none] : Array(Set(fact.technicianIDs.map(\.uuidString))).sorted()
                case .month: [monthKey(fact.at, in: calendar)]
                }
            for key in keys {
                var row = rows[key] ?? Row(key: key)
                row.total += 1
                switch fact.source {
                case .claim: row.claims += 1
                case .complaint: row.complaints += 1
                }
                if fact.eligible == true { row.eligible += 1 }
                rows[key] = row
            }
        }
        return rows.values.sorted { ($0.total, $1.key) > ($1.total, $0.key) }
    }

    /// `2026-12`.
    static func monthKey(_ date: Date, in calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month], from: date)
        return (parts.year ?? 1970).zeroPadded(4) + "-" + (parts.month ?? 1).zeroPadded(2)
    }

    /// The rows as CSV (RFC 4180, UTF-8), labels beside keys.
    public static func csv(_ rows: [Row], dimension: Dimension, label: (String) -> String) -> String {
        func field(_ text: String) -> String {
            text.contains(where: { ",\"\n\r".contains($0) })
                ? "\"\(text.replacingOccurrences(of: "\"", with: "\"\""))\"" : text
        }
        var lines = ["\(dimension.rawValue),label,total,claims,complaints,eligible"]
        for row in rows {
            lines.append(
                [
                    field(row.key), field(label(row.key)), String(row.total), String(row.claims),
                    String(row.complaints), String(row.eligible),
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

import Foundation

/// One stage that ran past its limit (R4.6), as the analysis reads it.
public struct DelayFact: Hashable, Sendable {
    public var orderNumber: String
    public var storeCode: String
    public var stage: TrackingStage
    public var deadline: Date
    /// When the stage ended; nil while it still runs late.
    public var endedAt: Date?
    public var cause: DelayCause?
    public var itemCodes: [String]
    public var technicianIDs: [UUID]

    public init(
        orderNumber: String, storeCode: String, stage: TrackingStage, deadline: Date, endedAt: Date?,
        cause: DelayCause?, itemCodes: [String], technicianIDs: [UUID]
    ) {
        self.orderNumber = orderNumber
        self.storeCode = storeCode
        self.stage = stage
        self.deadline = deadline
        self.endedAt = endedAt
        self.cause = cause
        self.itemCodes = itemCodes
        self.technicianIDs = technicianIDs
    }

    /// Minutes past the deadline by the stage's end (or by `now`).
    public func minutesLate(at now: Date) -> Double {
        max(0, (endedAt ?? now).timeIntervalSince(deadline) / 60)
    }
}

/// The delay analysis (R4.6): late stages grouped by one dimension.
public enum DelayAnalysis {
    public enum Dimension: String, Hashable, Codable, Sendable, CaseIterable {
        case stage
        case store
        case item
        case technician
        case cause
    }

    public struct Row: Hashable, Sendable {
        /// The stage, store code, item code, technician id or cause; `none`
        /// for late stages without one (no technician yet, no cause given).
        public var key: String
        public var lateStages: Int
        public var totalMinutes: Double
        public var maxMinutes: Double

        public var averageMinutes: Double { lateStages == 0 ? 0 : totalMinutes / Double(lateStages) }
    }

    public static let none = "none"

    /// Rows by count of late stages, then by total lateness, then by key.
    /// A stage of an order with two items (or two technicians) counts for
    /// each of them: the question is "where do delays happen", not a sum.
    public static func rows(_ facts: [DelayFact], by dimension: Dimension, now: Date) -> [Row] {
        var rows: [String: Row] = [:]
        for fact in facts {
            let keys: [String] =
                switch dimension {
                case .stage: [fact.stage.rawValue]
                case .store: [fact.storeCode]
                case .item: fact.itemCodes.isEmpty ? [none] : Array(Set(fact.itemCodes)).sorted()
                case .technician:
                    fact.technicianIDs.isEmpty ? [none] : Array(Set(fact.technicianIDs.map(\.uuidString))).sorted()
                case .cause: [fact.cause?.rawValue ?? none]
                }
            let late = fact.minutesLate(at: now)
            for key in keys {
                var row = rows[key] ?? Row(key: key, lateStages: 0, totalMinutes: 0, maxMinutes: 0)
                row.lateStages += 1
                row.totalMinutes += late
                row.maxMinutes = max(row.maxMinutes, late)
                rows[key] = row
            }
        }
        return rows.values.sorted {
            ($0.lateStages, $0.totalMinutes, $1.key) > ($1.lateStages, $1.totalMinutes, $0.key)
        }
    }

    /// The rows as CSV (RFC 4180), labels beside keys, minutes rounded.
    public static func csv(_ rows: [Row], dimension: Dimension, label: (String) -> String) -> String {
        func field(_ text: String) -> String {
            text.contains(where: { ",\"\n\r".contains($0) })
                ? "\"\(text.replacingOccurrences(of: "\"", with: "\"\""))\"" : text
        }
        var lines = ["\(dimension.rawValue),label,late_stages,total_minutes,average_minutes,max_minutes"]
        for row in rows {
            lines.append(
                [
                    field(row.key), field(label(row.key)), String(row.lateStages),
                    String(Int(row.totalMinutes.rounded())), String(Int(row.averageMinutes.rounded())),
                    String(Int(row.maxMinutes.rounded())),
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

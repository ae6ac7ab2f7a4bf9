import Foundation

/// A time of day as minutes after midnight, in a store's own time zone.
public struct TimeOfDay: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var minutes: Int

    public init(minutes: Int) { self.minutes = minutes }
    public init(hour: Int, minute: Int = 0) { self.minutes = hour * 60 + minute }

    /// Parses `09:30`.
    public init?(text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0...24).contains(hour), (0..<60).contains(minute), hour * 60 + minute <= 24 * 60
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }

    public var description: String { "\((minutes / 60).zeroPadded(2)):\((minutes % 60).zeroPadded(2))" }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let value = TimeOfDay(text: try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected HH:MM")
        }
        self = value
    }
}

/// The hours a store is open on one weekday.
public struct DailyHours: Hashable, Codable, Sendable {
    public var opens: TimeOfDay
    public var closes: TimeOfDay

    public init(opens: TimeOfDay, closes: TimeOfDay) {
        self.opens = opens
        self.closes = closes
    }

    /// Open all day: 00:00–24:00. Two such days in a row are open through
    /// midnight, for appointments and for time limits alike.
    public static let allDay = DailyHours(opens: TimeOfDay(minutes: 0), closes: TimeOfDay(minutes: 24 * 60))

    public var isAllDay: Bool { self == .allDay }
}

/// Opening hours for each weekday; a weekday without hours is a closed day.
/// Weekdays are numbered as Foundation numbers them: 1 = Sunday … 7 = Saturday.
public struct WeeklyOpeningHours: Hashable, Codable, Sendable {
    public var byWeekday: [Int: DailyHours]

    public init(byWeekday: [Int: DailyHours]) { self.byWeekday = byWeekday }

    /// The same hours every day of the week.
    public static func everyDay(_ hours: DailyHours) -> WeeklyOpeningHours {
        WeeklyOpeningHours(byWeekday: Dictionary(uniqueKeysWithValues: (1...7).map { ($0, hours) }))
    }

    public func hours(onWeekday weekday: Int) -> DailyHours? { byWeekday[weekday] }
}

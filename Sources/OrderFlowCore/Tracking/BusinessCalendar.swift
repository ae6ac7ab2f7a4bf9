import Foundation

/// A store's working time (R4.4): its opening hours by weekday in its own
/// time zone, less its holidays. Time limits are counted in this time only.
public struct BusinessCalendar: Sendable {
    public var openingHours: WeeklyOpeningHours
    public var holidays: Set<LocalDate>
    public var calendar: Calendar

    /// How far ahead a count may look before it gives up: a store that never
    /// opens has no deadlines.
    public static let horizonDays = 400

    public init(openingHours: WeeklyOpeningHours, holidays: Set<LocalDate>, timeZone: TimeZone) {
        self.openingHours = openingHours
        self.holidays = holidays
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    public init(_ store: Store) {
        self.init(openingHours: store.openingHours, holidays: store.holidays, timeZone: store.timeZone)
    }

    /// The store's open interval on the day that starts at `midnight`, if it opens.
    func openInterval(onDayStarting midnight: Date) -> DateInterval? {
        let day = LocalDate(midnight, in: calendar)
        guard !holidays.contains(day),
            let hours = openingHours.hours(onWeekday: calendar.component(.weekday, from: midnight)),
            hours.opens < hours.closes
        else { return nil }
        return DateInterval(
            start: midnight.addingTimeInterval(TimeInterval(hours.opens.minutes) * 60),
            end: midnight.addingTimeInterval(TimeInterval(hours.closes.minutes) * 60))
    }

    /// When the store opens on its last business day before the day of
    /// `instant`; nil when it has not opened in the two weeks before.
    public func openingOfBusinessDay(before instant: Date) -> Date? {
        let day = calendar.startOfDay(for: instant)
        for offset in 1...14 {
            guard let midnight = calendar.date(byAdding: .day, value: -offset, to: day) else { return nil }
            if let open = openInterval(onDayStarting: midnight) { return open.start }
        }
        return nil
    }

    /// The open intervals from `start` onwards, day by day, each clipped to
    /// begin no earlier than `start`; at most `horizonDays` days.
    func openIntervals(from start: Date) -> some Sequence<DateInterval> {
        let first = calendar.startOfDay(for: start)
        return (0..<Self.horizonDays).lazy.compactMap { offset -> DateInterval? in
            guard let midnight = self.calendar.date(byAdding: .day, value: offset, to: first),
                let open = self.openInterval(onDayStarting: midnight), open.end > start
            else { return nil }
            return DateInterval(start: max(open.start, start), end: open.end)
        }
    }

    /// Business seconds between two instants, not counting `pauses`.
    public func businessSeconds(from start: Date, to end: Date, pausedDuring pauses: [DateInterval] = [])
        -> TimeInterval
    {
        guard end > start else { return 0 }
        var total: TimeInterval = 0
        for open in openIntervals(from: start) {
            if open.start >= end { break }
            let piece = DateInterval(start: open.start, end: min(open.end, end))
            total += piece.duration - Self.overlap(of: piece, with: pauses)
        }
        return total
    }

    /// The instant `seconds` of business time after `start`, skipping
    /// `pauses`; nil when the store does not open enough within the horizon.
    public func adding(
        businessSeconds seconds: TimeInterval, to start: Date, pausedDuring pauses: [DateInterval] = []
    ) -> Date? {
        var left = seconds
        if left <= 0 { return start }
        for open in openIntervals(from: start) {
            // Walk the open interval between pauses.
            var cursor = open.start
            for pause in pauses.sorted(by: { $0.start < $1.start }) where pause.end > cursor && pause.start < open.end {
                let free = max(0, min(pause.start, open.end).timeIntervalSince(cursor))
                if free >= left { return cursor.addingTimeInterval(left) }
                left -= free
                cursor = max(cursor, pause.end)
                if cursor >= open.end { break }
            }
            let free = max(0, open.end.timeIntervalSince(cursor))
            if free >= left { return cursor.addingTimeInterval(left) }
            left -= free
        }
        return nil
    }

    /// Seconds of `interval` covered by any of `pauses` (which may overlap each other).
    static func overlap(of interval: DateInterval, with pauses: [DateInterval]) -> TimeInterval {
        var covered: TimeInterval = 0
        var reached = interval.start
        for pause in pauses.sorted(by: { $0.start < $1.start }) {
            let from = max(pause.start, reached)
            let to = min(pause.end, interval.end)
            if to > from {
                covered += to.timeIntervalSince(from)
                reached = to
            }
        }
        return covered
    }
}

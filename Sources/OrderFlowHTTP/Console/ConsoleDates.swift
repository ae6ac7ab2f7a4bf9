import Foundation
import Hummingbird
import OrderFlowCore

/// Dates as people in the store read them.
enum ConsoleDates {
    /// The head office's zone: for what belongs to no one store — the days
    /// of company-wide reports, certificates' expiry, a person's marks.
    /// Everything of a store (orders, jobs, claims, alerts) is read in that
    /// store's own zone (`StoreZones`).
    static let headOffice = TimeZone.shanghai

    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// `2026-12-02 10:00–12:00` in the store's time zone.
    static func window(_ start: Date, _ end: Date, in zone: TimeZone) -> String {
        let calendar = calendar(zone)
        let day = LocalDate(start, in: calendar)
        return "\(day) \(time(start, calendar))–\(time(end, calendar))"
    }

    static func instant(_ date: Date, in zone: TimeZone) -> String {
        let calendar = calendar(zone)
        return "\(LocalDate(date, in: calendar)) \(time(date, calendar))"
    }

    static func time(_ date: Date, _ calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return TimeOfDay(hour: parts.hour ?? 0, minute: parts.minute ?? 0).description
    }

    /// The day `days` after `day` in `calendar`, as `YYYY-MM-DD`: the previous and next day links.
    static func shifted(_ day: LocalDate, by days: Int, in calendar: Calendar) -> String {
        guard let midnight = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)),
            let other = calendar.date(byAdding: .day, value: days, to: midnight)
        else { return day.description }
        return LocalDate(other, in: calendar).description
    }

    /// Midnight of a `YYYY-MM-DD` day in China.
    static func startOfDay(_ text: String) -> Date? {
        guard let day = LocalDate(iso: text) else { return nil }
        return calendar(headOffice).date(from: DateComponents(year: day.year, month: day.month, day: day.day))
    }

    /// The days `from`…`to` (inclusive, in China's time) of a report, as
    /// the instant the first begins and the instant after the last ends.
    static func reportPeriod(from: String, to: String) throws -> (start: Date, end: Date) {
        guard let start = startOfDay(from) else {
            throw QueryProblem.invalid("from", LocalizedText(zhHans: "日期格式为 YYYY-MM-DD", en: "Dates are YYYY-MM-DD"))
        }
        guard let last = startOfDay(to) else {
            throw QueryProblem.invalid("to", LocalizedText(zhHans: "日期格式为 YYYY-MM-DD", en: "Dates are YYYY-MM-DD"))
        }
        return (start, last.addingTimeInterval(86_400))
    }

    /// `yyyy-MM-ddTHH:mm` from a datetime-local field, in the record's store's zone.
    static func localInstant(_ text: String, in zone: TimeZone) -> Date? {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = zone
        format.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return format.date(from: text)
    }

    /// The period a report asks for (`from`, `to`); by default the last 30 days.
    static func reportPeriodQuery(_ request: Request, now: Date) -> (from: String, to: String) {
        let calendar = ConsoleDates.calendar(headOffice)
        let today = LocalDate(now, in: calendar)
        let query = request.uri.queryParameters
        let to = query["to"].map(String.init) ?? today.description
        let from = query["from"].map(String.init) ?? ConsoleDates.shifted(today, by: -30, in: calendar)
        return (String(from.prefix(10)), String(to.prefix(10)))
    }
}

import Foundation

/// The rules every appointment window meets (R2.3), at intake and whenever
/// it is moved later (a time agreed with the customer, R3.4): it ends after
/// it starts, lies in the future but not too far, and inside the store's
/// open time. Every rule is checked, so a window in the past and outside
/// opening hours is told both.
public enum AppointmentRules {
    public static let maxDaysAhead = 180

    public static func problems(
        start: Date, end: Date, store: Store?, now: Date, startField: String = "appointmentStart",
        endField: String = "appointmentEnd"
    ) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if end <= start { problems.append(IntakeProblem.appointmentOrder(endField)) }
        if start <= now {
            problems.append(IntakeProblem.appointmentPast(startField))
        } else if start.timeIntervalSince(now) > Double(maxDaysAhead) * 86_400 {
            problems.append(IntakeProblem.appointmentTooFar(startField, days: maxDaysAhead))
        }
        if let store, end > start {
            problems += openingHoursProblems(start: start, end: end, store: store, fields: (startField, endField))
        }
        return problems
    }

    /// The whole window must lie inside the store's open time, on days it is
    /// open and not on its holidays, in the store's own time zone. A window
    /// may cross midnight where the store is open through it (00:00–24:00
    /// on both days): open time is continuous there.
    static func openingHoursProblems(start: Date, end: Date, store: Store, fields: (start: String, end: String))
        -> [FieldProblem]
    {
        let calendar = store.calendar
        let day = store.localDate(of: start)
        if store.holidays.contains(day) { return [IntakeProblem.holiday(fields.start, date: day)] }
        let weekday = calendar.component(.weekday, from: start)
        guard let hours = store.openingHours.hours(onWeekday: weekday) else {
            return [IntakeProblem.storeClosed(fields.start, date: day)]
        }
        let midnight = calendar.startOfDay(for: start)
        let opens = midnight.addingTimeInterval(Double(hours.opens.minutes) * 60)
        let closes = midnight.addingTimeInterval(Double(hours.closes.minutes) * 60)
        if start >= opens, end <= closes { return [] }
        // Past closing time: still fine where open time runs on without a break.
        if start >= opens, start < closes,
            BusinessCalendar(store).businessSeconds(from: start, to: end) >= end.timeIntervalSince(start)
        {
            return []
        }
        return [IntakeProblem.outsideHours(start < opens || start >= closes ? fields.start : fields.end, hours: hours)]
    }
}

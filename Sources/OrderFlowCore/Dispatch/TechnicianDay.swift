import Foundation

/// A job already on a technician's day.
public struct Booking: Hashable, Sendable {
    public var orderNumber: String
    public var start: Date
    public var end: Date
    public var onSite: Bool

    public init(orderNumber: String, start: Date, end: Date, onSite: Bool) {
        self.orderNumber = orderNumber
        self.start = start
        self.end = end
        self.onSite = onSite
    }
}

/// One technician on one day, as dispatch needs them (R3.1): the stores
/// they work for, the skills that count that day, their shift in absolute
/// time, and what is already booked.
public struct TechnicianDay: Hashable, Sendable {
    public var staffID: UUID
    public var storeCodes: Set<String>
    public var skills: [String: TechnicianSkill]
    /// Nil: not working that day (no shift, or on leave).
    public var shift: AppointmentWindow?
    public var bookings: [Booking]
    public var teams: [String]

    public init(
        staffID: UUID, storeCodes: Set<String>, skills: [String: TechnicianSkill], shift: AppointmentWindow?,
        bookings: [Booking] = [], teams: [String] = []
    ) {
        self.staffID = staffID
        self.storeCodes = storeCodes
        self.skills = skills
        self.shift = shift
        self.bookings = bookings.sorted { $0.start < $1.start }
        self.teams = teams
    }

    /// The day of a profile: its shift after leave and overtime, in the
    /// store's calendar, and its skills as they count that day.
    public static func make(
        staffID: UUID, storeCodes: Set<String>, profile: TechnicianProfile, day: LocalDate, calendar: Calendar,
        bookings: [Booking] = []
    ) -> TechnicianDay {
        var shift: AppointmentWindow?
        if let midnight = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) {
            let weekday = calendar.component(.weekday, from: midnight)
            if let hours = profile.workingHours(on: day, weekday: weekday) {
                shift = AppointmentWindow(
                    start: midnight.addingTimeInterval(TimeInterval(hours.opens.minutes) * 60),
                    end: midnight.addingTimeInterval(TimeInterval(hours.closes.minutes) * 60))
            }
        }
        return TechnicianDay(
            staffID: staffID, storeCodes: storeCodes, skills: profile.usableSkills(on: day), shift: shift,
            bookings: bookings, teams: profile.teams)
    }

    /// Minutes already booked: the day's load, for balancing.
    public var bookedMinutes: Int { bookings.reduce(0) { $0 + Int($1.end.timeIntervalSince($1.start) / 60) } }
}

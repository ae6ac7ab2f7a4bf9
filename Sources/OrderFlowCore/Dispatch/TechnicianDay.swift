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
    /// Minutes booked on the other days of the same week, for balancing the week.
    public var weekBookedMinutes: Int
    /// Everyone who goes when this "technician" is a team assigned as a unit; empty for one person.
    public var members: [UUID]

    public init(
        staffID: UUID, storeCodes: Set<String>, skills: [String: TechnicianSkill], shift: AppointmentWindow?,
        bookings: [Booking] = [], teams: [String] = [], weekBookedMinutes: Int = 0, members: [UUID] = []
    ) {
        self.weekBookedMinutes = weekBookedMinutes
        self.members = members
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
        bookings: [Booking] = [], weekBookedMinutes: Int = 0
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
            bookings: bookings, teams: profile.teams, weekBookedMinutes: weekBookedMinutes)
    }

    /// A team assigned as a unit (R3.1): it works where all its members work,
    /// while all of them are on shift and free, with every skill some member
    /// has (at the best member's level). The first member leads.
    public static func team(_ name: String, of days: [TechnicianDay]) -> TechnicianDay? {
        guard let lead = days.first else { return nil }
        var skills: [String: TechnicianSkill] = [:]
        for day in days {
            for (code, skill) in day.skills where (skills[code]?.level ?? 0) < skill.level { skills[code] = skill }
        }
        var shift = lead.shift
        for day in days.dropFirst() {
            guard let current = shift, let other = day.shift else {
                shift = nil
                break
            }
            let start = max(current.start, other.start)
            let end = min(current.end, other.end)
            shift = start < end ? AppointmentWindow(start: start, end: end) : nil
        }
        return TechnicianDay(
            staffID: lead.staffID,
            storeCodes: days.dropFirst().reduce(lead.storeCodes) { $0.intersection($1.storeCodes) }, skills: skills,
            shift: shift, bookings: days.flatMap(\.bookings), teams: [name],
            weekBookedMinutes: days.map(\.weekBookedMinutes).max() ?? 0, members: days.map(\.staffID))
    }

    /// The people who go: the team's members, or the technician alone.
    public var people: [UUID] { members.isEmpty ? [staffID] : members }

    /// Minutes already booked: the day's load, for balancing.
    public var bookedMinutes: Int { bookings.reduce(0) { $0 + Int($1.end.timeIntervalSince($1.start) / 60) } }
}

import Foundation

/// One skill a technician has, as the catalog names it (R3.1: dispatch
/// matches the items' required skills against these).
public struct TechnicianSkill: Hashable, Codable, Sendable {
    public var skill: String
    /// 1 (trainee) … 5 (master).
    public var level: Int
    public var yearsOfExperience: Int
    /// The certificate this skill rests on (e.g. work at height): the skill
    /// counts for dispatch only while a qualification of that name is valid.
    public var certificate: String?

    public init(skill: String, level: Int, yearsOfExperience: Int, certificate: String? = nil) {
        self.skill = skill
        self.level = level
        self.yearsOfExperience = yearsOfExperience
        self.certificate = certificate
    }
}

/// A certificate a technician holds: electrician's licence, refrigerant
/// handling, work at height … Expired ones stay on record but no longer count.
public struct Qualification: Hashable, Codable, Sendable {
    public var name: String
    public var certificateNumber: String?
    public var expiresOn: LocalDate?

    public init(name: String, certificateNumber: String? = nil, expiresOn: LocalDate? = nil) {
        self.name = name
        self.certificateNumber = certificateNumber
        self.expiresOn = expiresOn
    }

    public func isValid(on day: LocalDate) -> Bool { expiresOn.map { day <= $0 } ?? true }
}

/// A dated change to the weekly pattern: a day of leave, or extra hours.
public struct ShiftException: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case leave
        case overtime
    }

    public var date: LocalDate
    public var kind: Kind
    /// Overtime: the hours worked that day. Leave: nil for the whole day.
    public var hours: DailyHours?
    public var note: String?

    public init(date: LocalDate, kind: Kind, hours: DailyHours? = nil, note: String? = nil) {
        self.date = date
        self.kind = kind
        self.hours = hours
        self.note = note
    }
}

/// What dispatch needs to know about a technician (R3.1): skills, valid
/// certificates, teams, and when they work.
public struct TechnicianProfile: Hashable, Codable, Sendable {
    public var staffID: UUID
    public var skills: [TechnicianSkill]
    public var qualifications: [Qualification]
    public var teams: [String]
    /// Working hours per weekday (1 = Sunday … 7 = Saturday), in the store's time zone.
    public var weeklyShifts: WeeklyOpeningHours
    public var exceptions: [ShiftException]
    public var version: Int

    public init(
        staffID: UUID, skills: [TechnicianSkill] = [], qualifications: [Qualification] = [], teams: [String] = [],
        weeklyShifts: WeeklyOpeningHours = WeeklyOpeningHours(byWeekday: [:]), exceptions: [ShiftException] = [],
        version: Int = 0
    ) {
        self.staffID = staffID
        self.skills = skills
        self.qualifications = qualifications
        self.teams = teams
        self.weeklyShifts = weeklyShifts
        self.exceptions = exceptions
        self.version = version
    }

    /// The hours the technician works on `day` (a `weekday` as Foundation
    /// numbers it), after leave and overtime; nil for a day off.
    public func workingHours(on day: LocalDate, weekday: Int) -> DailyHours? {
        if let exception = exceptions.first(where: { $0.date == day }) {
            switch exception.kind {
            case .leave:
                // Leave for part of a day still makes it a day off for dispatch:
                // a half-day is not worth the risk of a missed appointment.
                return nil
            case .overtime:
                return exception.hours ?? weeklyShifts.hours(onWeekday: weekday)
            }
        }
        return weeklyShifts.hours(onWeekday: weekday)
    }

    public func level(in skill: String) -> Int? { skills.first { $0.skill == skill }?.level }

    /// The skills that count on `day`: those resting on a certificate need
    /// it unexpired (R3.1).
    public func usableSkills(on day: LocalDate) -> [String: TechnicianSkill] {
        var usable: [String: TechnicianSkill] = [:]
        for skill in skills {
            if let certificate = skill.certificate,
                !qualifications.contains(where: { $0.name == certificate && $0.isValid(on: day) })
            {
                continue
            }
            usable[skill.skill] = skill
        }
        return usable
    }
}

import Foundation
import OrderFlowCore
import Testing

@Suite("Technician profiles (R3.1)")
struct TechnicianProfileTests {
    static let skills: Set<String> = ["hvac", "electrical", "cleaning"]
    static let weekdays = WeeklyOpeningHours(
        byWeekday: Dictionary(
            uniqueKeysWithValues: (2...6).map {
                ($0, DailyHours(opens: TimeOfDay(hour: 9), closes: TimeOfDay(hour: 18)))
            }))

    @Test("a complete profile passes")
    func valid() {
        let profile = TechnicianProfile(
            staffID: UUID(), skills: [TechnicianSkill(skill: "hvac", level: 4, yearsOfExperience: 8)],
            qualifications: [Qualification(name: "制冷证", expiresOn: LocalDate(year: 2027, month: 6, day: 30))],
            teams: ["空调组"], weeklyShifts: Self.weekdays,
            exceptions: [ShiftException(date: LocalDate(year: 2026, month: 12, day: 3), kind: .leave, note: "年假")])
        #expect(profile.problems(knownSkills: Self.skills).isEmpty)
    }

    @Test("R3.1 skills must be the catalog's, once each, level 1–5, 0–60 years; every problem at once")
    func invalidSkills() {
        let profile = TechnicianProfile(
            staffID: UUID(),
            skills: [
                TechnicianSkill(skill: "juggling", level: 3, yearsOfExperience: 1),
                TechnicianSkill(skill: "hvac", level: 6, yearsOfExperience: 61),
                TechnicianSkill(skill: "hvac", level: 0, yearsOfExperience: 1),
            ])
        let found = profile.problems(knownSkills: Self.skills).map { "\($0.field):\($0.code)" }
        #expect(
            found == [
                "skills[0].skill:technician.unknownSkill", "skills[1].level:technician.outOfRange",
                "skills[1].yearsOfExperience:technician.outOfRange", "skills[2].skill:technician.duplicateSkill",
                "skills[2].level:technician.outOfRange",
            ])
    }

    @Test("shifts end after they start; overtime says its hours; one exception per day")
    func invalidShifts() {
        let day = LocalDate(year: 2026, month: 12, day: 6)
        let profile = TechnicianProfile(
            staffID: UUID(),
            weeklyShifts: WeeklyOpeningHours(byWeekday: [
                2: DailyHours(opens: TimeOfDay(hour: 18), closes: TimeOfDay(hour: 9))
            ]),
            exceptions: [ShiftException(date: day, kind: .overtime), ShiftException(date: day, kind: .leave)])
        let found = profile.problems(knownSkills: Self.skills).map { "\($0.field):\($0.code)" }
        #expect(
            found == [
                "weeklyShifts.2:technician.endsBeforeStart", "exceptions[0].hours:required",
                "exceptions[1].date:technician.duplicateException",
            ])
    }

    @Test("leave makes a day off, overtime adds a day; certificates count until their expiry day")
    func workingHours() {
        let leave = LocalDate(year: 2026, month: 12, day: 1)  // a Tuesday
        let sunday = LocalDate(year: 2026, month: 12, day: 6)
        let overtime = DailyHours(opens: TimeOfDay(hour: 10), closes: TimeOfDay(hour: 14))
        let profile = TechnicianProfile(
            staffID: UUID(), weeklyShifts: Self.weekdays,
            exceptions: [
                ShiftException(date: leave, kind: .leave),
                ShiftException(date: sunday, kind: .overtime, hours: overtime),
            ])
        #expect(profile.workingHours(on: leave, weekday: 3) == nil)
        #expect(
            profile.workingHours(on: LocalDate(year: 2026, month: 12, day: 2), weekday: 4)?.opens == TimeOfDay(hour: 9))
        #expect(profile.workingHours(on: sunday, weekday: 1) == overtime)
        #expect(profile.workingHours(on: LocalDate(year: 2026, month: 12, day: 13), weekday: 1) == nil)
        let certificate = Qualification(name: "高处作业证", expiresOn: LocalDate(year: 2026, month: 12, day: 20))
        #expect(certificate.isValid(on: LocalDate(year: 2026, month: 12, day: 20)))
        #expect(!certificate.isValid(on: LocalDate(year: 2026, month: 12, day: 21)))
    }
}

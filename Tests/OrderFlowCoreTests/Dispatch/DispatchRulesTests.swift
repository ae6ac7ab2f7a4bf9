import Foundation
import OrderFlowCore
import Testing

@Suite("Dispatch: hard constraints and placement (R3.1)")
struct DispatchRulesTests {
    /// 2026-12-02 00:00 in Shanghai.
    static let midnight = Date(timeIntervalSince1970: 1_796_140_800)

    static func at(_ hour: Double) -> Date { midnight.addingTimeInterval(hour * 3600) }

    static func job(
        _ number: String = "SH01-1", from: Double = 10, to: Double = 12, minutes: Int = 90,
        skills: Set<String> = ["hvac"],
        onSite: Bool = true
    ) -> DispatchJob {
        DispatchJob(
            orderID: UUID(), number: number, storeCode: "SH01", requiredSkills: skills,
            window: AppointmentWindow(start: at(from), end: at(to)), durationMinutes: minutes, onSite: onSite,
            priority: .normal, keyCustomer: false)
    }

    static func technician(shift: (Double, Double)? = (9, 18), bookings: [Booking] = [], stores: Set<String> = ["SH01"])
        -> TechnicianDay
    {
        TechnicianDay(
            staffID: UUID(), storeCodes: stores,
            skills: ["hvac": TechnicianSkill(skill: "hvac", level: 3, yearsOfExperience: 4)],
            shift: shift.map { AppointmentWindow(start: at($0.0), end: at($0.1)) }, bookings: bookings)
    }

    @Test("a free technician on shift takes the job at the start of its window")
    func free() throws {
        #expect(try DispatchRules.placement(of: Self.job(), on: Self.technician()).get() == Self.at(10))
    }

    @Test("R3.1 another store, a missing skill, off shift: each stops the assignment, with its reason")
    func hardConstraints() {
        let otherStore = DispatchRules.placement(of: Self.job(), on: Self.technician(stores: ["BJ01"]))
        #expect(otherStore == .failure(Unplaceable([.otherStore("SH01")])))
        let skill = DispatchRules.placement(of: Self.job(skills: ["hvac", "gas"]), on: Self.technician())
        #expect(skill == .failure(Unplaceable([.missingSkill("gas")])))
        #expect(
            DispatchRules.placement(of: Self.job(), on: Self.technician(shift: nil))
                == .failure(Unplaceable([.offShift])))
        // On shift only until 11:00: a 90-minute job from 10:00 does not fit.
        #expect(
            DispatchRules.placement(of: Self.job(), on: Self.technician(shift: (9, 11)))
                == .failure(Unplaceable([.offShift])))
    }

    @Test("later in the window after an earlier job and the travel buffer; refused when nothing fits")
    func bookings() throws {
        let busy = Self.technician(bookings: [
            Booking(orderNumber: "SH01-0", start: Self.at(9), end: Self.at(10), onSite: true)
        ])
        // 10:00 + 30 minutes of travel.
        #expect(try DispatchRules.placement(of: Self.job(), on: busy).get() == Self.at(10.5))
        let full = Self.technician(bookings: [
            Booking(orderNumber: "SH01-0", start: Self.at(9), end: Self.at(12), onSite: true)
        ])
        #expect(DispatchRules.placement(of: Self.job(), on: full) == .failure(Unplaceable([.overlaps("SH01-0")])))
        // In the store, no travel: straight after the previous job.
        let workshop = Self.technician(bookings: [
            Booking(orderNumber: "SH01-0", start: Self.at(9), end: Self.at(10.25), onSite: false)
        ])
        #expect(try DispatchRules.placement(of: Self.job(onSite: false), on: workshop).get() == Self.at(10.25))
    }

    @Test("R3.1 a skill resting on an expired certificate does not count")
    func certificates() {
        let profile = TechnicianProfile(
            staffID: UUID(),
            skills: [TechnicianSkill(skill: "work-at-height", level: 3, yearsOfExperience: 5, certificate: "高处作业证")],
            qualifications: [Qualification(name: "高处作业证", expiresOn: LocalDate(year: 2026, month: 12, day: 1))])
        #expect(profile.usableSkills(on: LocalDate(year: 2026, month: 12, day: 1))["work-at-height"] != nil)
        #expect(profile.usableSkills(on: LocalDate(year: 2026, month: 12, day: 2))["work-at-height"] == nil)
    }

    @Test("a technician's day comes from the weekly pattern, leave and overtime, in the store's time zone")
    func dayFromProfile() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .shanghai
        let weekdays = WeeklyOpeningHours(byWeekday: [
            4: DailyHours(opens: TimeOfDay(hour: 9), closes: TimeOfDay(hour: 18))
        ])
        let wednesday = LocalDate(year: 2026, month: 12, day: 2)
        let working = TechnicianDay.make(
            staffID: UUID(), storeCodes: ["SH01"], profile: TechnicianProfile(staffID: UUID(), weeklyShifts: weekdays),
            day: wednesday, calendar: calendar)
        #expect(working.shift == AppointmentWindow(start: Self.at(9), end: Self.at(18)))
        let onLeave = TechnicianDay.make(
            staffID: UUID(), storeCodes: ["SH01"],
            profile: TechnicianProfile(
                staffID: UUID(), weeklyShifts: weekdays, exceptions: [ShiftException(date: wednesday, kind: .leave)]),
            day: wednesday, calendar: calendar)
        #expect(onLeave.shift == nil)
    }

    @Test("R3.3 urgent first, then key customers, then the nearest appointment")
    func priority() {
        var urgent = Self.job("C", from: 15, to: 17)
        urgent.priority = .urgent
        var key = Self.job("B", from: 14, to: 16)
        key.keyCustomer = true
        let early = Self.job("A", from: 9, to: 11)
        let ranked = DispatchPriority.ranked([early, key, urgent])
        #expect(ranked.map(\.job.number) == ["C", "B", "A"])
        #expect(ranked[0].reasons.first?.en == "Urgent")
        #expect(ranked[1].reasons.first?.en == "Key customer")
    }
}

import Foundation
import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore

extension Components.Schemas.TechnicianProfile {
    init(_ profile: TechnicianProfile, username: String, today: LocalDate) {
        self.init(
            username: username,
            skills: profile.skills.map {
                .init(skill: $0.skill, level: $0.level, yearsOfExperience: $0.yearsOfExperience)
            },
            qualifications: profile.qualifications.map {
                .init(
                    name: $0.name, certificateNumber: $0.certificateNumber, expiresOn: $0.expiresOn?.description,
                    valid: $0.isValid(on: today))
            },
            teams: profile.teams,
            weeklyShifts: profile.weeklyShifts.byWeekday.sorted { $0.key < $1.key }.map {
                .init(weekday: $0.key, opens: $0.value.opens.description, closes: $0.value.closes.description)
            },
            exceptions: profile.exceptions.map {
                .init(
                    date: $0.date.description, kind: $0.kind == .leave ? .leave : .overtime,
                    opens: $0.hours?.opens.description, closes: $0.hours?.closes.description, note: $0.note)
            },
            version: profile.version)
    }
}

extension TechnicianProfile {
    /// Reads the API's profile; unreadable dates and times are reported
    /// field by field, like every other check.
    static func from(_ body: Components.Schemas.TechnicianProfile, staffID: UUID) throws -> TechnicianProfile {
        var problems: [FieldProblem] = []
        func time(_ text: String?, _ field: String) -> TimeOfDay? {
            guard let text else { return nil }
            guard let value = TimeOfDay(text: text) else {
                problems.append(Self.format(field, "HH:MM"))
                return nil
            }
            return value
        }
        func date(_ text: String?, _ field: String) -> LocalDate? {
            guard let text else { return nil }
            guard let value = LocalDate(iso: text) else {
                problems.append(Self.format(field, "YYYY-MM-DD"))
                return nil
            }
            return value
        }
        var shifts: [Int: DailyHours] = [:]
        for (index, shift) in body.weeklyShifts.enumerated() {
            let field = "weeklyShifts[\(index)]"
            if shifts[shift.weekday] != nil {
                problems.append(
                    FieldProblem(
                        field: "\(field).weekday", code: "technician.duplicateWeekday",
                        message: LocalizedText(zhHans: "同一天只能有一个班次", en: "One shift per weekday")))
            }
            if let opens = time(shift.opens, "\(field).opens"), let closes = time(shift.closes, "\(field).closes") {
                shifts[shift.weekday] = DailyHours(opens: opens, closes: closes)
            }
        }
        let qualifications = body.qualifications.enumerated().map { index, item in
            Qualification(
                name: item.name, certificateNumber: item.certificateNumber,
                expiresOn: date(item.expiresOn, "qualifications[\(index)].expiresOn"))
        }
        var exceptions: [ShiftException] = []
        for (index, item) in body.exceptions.enumerated() {
            let field = "exceptions[\(index)]"
            let opens = time(item.opens, "\(field).opens")
            let closes = time(item.closes, "\(field).closes")
            guard let day = date(item.date, "\(field).date") else { continue }
            exceptions.append(
                ShiftException(
                    date: day, kind: item.kind == .leave ? .leave : .overtime,
                    hours: opens.flatMap { opens in closes.map { DailyHours(opens: opens, closes: $0) } },
                    note: item.note))
        }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        return TechnicianProfile(
            staffID: staffID,
            skills: body.skills.map {
                TechnicianSkill(skill: $0.skill, level: $0.level, yearsOfExperience: $0.yearsOfExperience)
            },
            qualifications: qualifications, teams: body.teams, weeklyShifts: WeeklyOpeningHours(byWeekday: shifts),
            exceptions: exceptions)
    }

    private static func format(_ field: String, _ pattern: String) -> FieldProblem {
        FieldProblem(
            field: field, code: "value.format",
            message: LocalizedText(zhHans: "格式应为 \(pattern)", en: "Expected the format \(pattern)"))
    }
}

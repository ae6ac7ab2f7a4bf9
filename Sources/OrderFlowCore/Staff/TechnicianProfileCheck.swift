/// The rules a technician profile must meet before it is stored: every
/// problem at once, field by field, like the intake check.
extension TechnicianProfile {
    public static let maximumSkills = 30
    public static let maximumQualifications = 30
    public static let maximumTeams = 10
    public static let maximumExceptions = 400

    /// `knownSkills`: every skill some catalog item requires.
    public func problems(knownSkills: Set<String>) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if skills.count > Self.maximumSkills { problems.append(tooMany("skills", Self.maximumSkills)) }
        var seen: Set<String> = []
        for (index, skill) in skills.enumerated() {
            let field = "skills[\(index)]"
            if !knownSkills.contains(skill.skill) {
                problems.append(
                    FieldProblem(
                        field: "\(field).skill", code: "technician.unknownSkill",
                        message: LocalizedText(
                            zhHans: "服务项目目录中没有技能 \(skill.skill.prefix(40))",
                            en: "No catalog item requires the skill \(skill.skill.prefix(40))")))
            }
            if !seen.insert(skill.skill).inserted {
                problems.append(
                    FieldProblem(
                        field: "\(field).skill", code: "technician.duplicateSkill",
                        message: LocalizedText(zhHans: "技能重复", en: "This skill is listed twice")))
            }
            if !(1...5).contains(skill.level) { problems.append(outOfRange("\(field).level", 1, 5)) }
            if !(0...60).contains(skill.yearsOfExperience) {
                problems.append(outOfRange("\(field).yearsOfExperience", 0, 60))
            }
        }
        if qualifications.count > Self.maximumQualifications {
            problems.append(tooMany("qualifications", Self.maximumQualifications))
        }
        for (index, qualification) in qualifications.enumerated() {
            let field = "qualifications[\(index)]"
            if qualification.name.trimmedOrNil == nil {
                problems.append(
                    IntakeProblem.required("\(field).name", LocalizedText(zhHans: "证书名称", en: "Certificate name")))
            } else if qualification.name.count > TextLimits.shortText {
                problems.append(IntakeProblem.tooLong("\(field).name", limit: TextLimits.shortText))
            }
            if let number = qualification.certificateNumber, number.count > TextLimits.name {
                problems.append(IntakeProblem.tooLong("\(field).certificateNumber", limit: TextLimits.name))
            }
        }
        if teams.count > Self.maximumTeams { problems.append(tooMany("teams", Self.maximumTeams)) }
        for (index, team) in teams.enumerated() where team.trimmedOrNil == nil || team.count > TextLimits.name {
            problems.append(
                team.trimmedOrNil == nil
                    ? IntakeProblem.required("teams[\(index)]", LocalizedText(zhHans: "班组名称", en: "Team name"))
                    : IntakeProblem.tooLong("teams[\(index)]", limit: TextLimits.name))
        }
        for (weekday, hours) in weeklyShifts.byWeekday.sorted(by: { $0.key < $1.key }) {
            if !(1...7).contains(weekday) { problems.append(outOfRange("weeklyShifts.\(weekday)", 1, 7)) }
            if hours.opens >= hours.closes { problems.append(endsBeforeStart("weeklyShifts.\(weekday)")) }
        }
        problems += exceptionProblems()
        return problems
    }

    private func exceptionProblems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if exceptions.count > Self.maximumExceptions { problems.append(tooMany("exceptions", Self.maximumExceptions)) }
        var dates: Set<LocalDate> = []
        for (index, exception) in exceptions.enumerated() {
            let field = "exceptions[\(index)]"
            if !dates.insert(exception.date).inserted {
                problems.append(
                    FieldProblem(
                        field: "\(field).date", code: "technician.duplicateException",
                        message: LocalizedText(zhHans: "同一天只能有一条排班例外", en: "One exception per day")))
            }
            if let hours = exception.hours, hours.opens >= hours.closes {
                problems.append(endsBeforeStart("\(field).hours"))
            }
            if exception.kind == .overtime, exception.hours == nil {
                problems.append(
                    IntakeProblem.required("\(field).hours", LocalizedText(zhHans: "加班时段", en: "Overtime hours")))
            }
            if let note = exception.note, note.count > TextLimits.shortText {
                problems.append(IntakeProblem.tooLong("\(field).note", limit: TextLimits.shortText))
            }
        }
        return problems
    }

    private func tooMany(_ field: String, _ limit: Int) -> FieldProblem {
        FieldProblem(
            field: field, code: "technician.tooMany",
            message: LocalizedText(zhHans: "最多 \(limit) 项", en: "At most \(limit) entries"))
    }

    private func outOfRange(_ field: String, _ low: Int, _ high: Int) -> FieldProblem {
        FieldProblem(
            field: field, code: "technician.outOfRange",
            message: LocalizedText(zhHans: "须在 \(low) 到 \(high) 之间", en: "Must be from \(low) to \(high)"))
    }

    private func endsBeforeStart(_ field: String) -> FieldProblem {
        FieldProblem(
            field: field, code: "technician.endsBeforeStart",
            message: LocalizedText(zhHans: "结束时间须晚于开始时间", en: "The end must be after the start"))
    }
}

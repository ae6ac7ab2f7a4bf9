import Foundation

/// The period a report covers (R4.6, R6.5; settlement and supervision to
/// come): it must end after it starts and span at most a year, so that one
/// request cannot make the database read everything.
public enum ReportPeriod {
    public static let longest: TimeInterval = 366 * 86_400

    public static func problems(from: Date, to: Date) -> [FieldProblem] {
        guard from >= to || to.timeIntervalSince(from) > longest else { return [] }
        return [
            FieldProblem(
                field: "to", code: "report.period",
                message: LocalizedText(
                    zhHans: "结束日期须晚于开始日期，且跨度不超过一年", en: "The end must be after the start, at most a year later"))
        ]
    }
}

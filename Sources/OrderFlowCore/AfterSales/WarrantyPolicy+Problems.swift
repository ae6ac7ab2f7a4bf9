import Foundation

extension WarrantyPolicy {
    /// Field problems: a period of 1 day to 10 years, at least one problem
    /// in scope, short codes.
    public var problems: [FieldProblem] {
        var problems: [FieldProblem] = []
        if !(1...3650).contains(periodDays) {
            problems.append(
                FieldProblem(
                    field: "periodDays", code: "warranty.period",
                    message: LocalizedText(zhHans: "质保期须为 1 到 3650 天", en: "The warranty period is 1 to 3650 days")))
        }
        if scope.isEmpty {
            problems.append(
                FieldProblem(
                    field: "scope", code: "warranty.scope",
                    message: LocalizedText(zhHans: "请至少列出一类保修问题", en: "Name at least one problem the warranty covers")))
        }
        for (field, codes) in [("scope", scope), ("exclusions", exclusions)]
        where codes.count > 40 || codes.contains(where: { $0.isEmpty || $0.count > 40 || $0.contains(",") }) {
            problems.append(
                FieldProblem(
                    field: field, code: "warranty.codes",
                    message: LocalizedText(
                        zhHans: "每项为不超过 40 个字符的代码，最多 40 项", en: "Codes of at most 40 characters, at most 40 of them")))
        }
        return problems
    }
}

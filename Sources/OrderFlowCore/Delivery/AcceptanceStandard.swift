import Foundation

/// One indicator a finished service is checked against (验收指标, R5.1):
/// what is checked and what counts as passing, in both languages.
public struct AcceptanceIndicator: Hashable, Codable, Sendable {
    /// Stable within its item: `airflow`, `no-leak` …
    public var code: String
    public var name: LocalizedText
    public var passWhen: LocalizedText

    public init(code: String, name: LocalizedText, passWhen: LocalizedText) {
        self.code = code
        self.name = name
        self.passWhen = passWhen
    }
}

/// A catalog item's acceptance criteria (R5.1): the indicators, how they
/// are checked, and how long the customer has to accept.
public struct AcceptanceStandard: Hashable, Codable, Sendable {
    public var indicators: [AcceptanceIndicator]
    /// The acceptance method (验收方法), e.g. "run 15 minutes and measure the outlet temperature".
    public var method: LocalizedText
    /// Hours the customer has to accept or reject the delivery report.
    public var periodHours: Int

    public init(indicators: [AcceptanceIndicator], method: LocalizedText, periodHours: Int) {
        self.indicators = indicators
        self.method = method
        self.periodHours = periodHours
    }

    /// Field problems: codes present and unique, texts within limits, a
    /// period of 1 hour to 30 days.
    public var problems: [FieldProblem] {
        var problems: [FieldProblem] = []
        var seen: Set<String> = []
        for (index, indicator) in indicators.enumerated() {
            let field = "indicators[\(index)]"
            let code = indicator.code.trimmingCharacters(in: .whitespaces)
            if code.isEmpty || code.count > 40 || !seen.insert(code).inserted {
                problems.append(
                    FieldProblem(
                        field: "\(field).code", code: "acceptance.indicatorCode",
                        message: LocalizedText(
                            zhHans: "每个指标须有不重复的代码（不超过 40 个字符）",
                            en: "Each indicator needs its own code (at most 40 characters)")))
            }
            if indicator.name.zhHans.isEmpty || indicator.name.en.isEmpty {
                problems.append(
                    FieldProblem(
                        field: "\(field).name", code: "acceptance.indicatorName",
                        message: LocalizedText(zhHans: "指标名称须有中英文", en: "Name the indicator in both languages")))
            }
        }
        if indicators.count > 30 {
            problems.append(
                FieldProblem(
                    field: "indicators", code: "acceptance.tooManyIndicators",
                    message: LocalizedText(zhHans: "指标不超过 30 项", en: "At most 30 indicators")))
        }
        if !(1...(30 * 24)).contains(periodHours) {
            problems.append(
                FieldProblem(
                    field: "periodHours", code: "acceptance.period",
                    message: LocalizedText(
                        zhHans: "验收期须为 1 小时到 30 天", en: "The acceptance period is 1 hour to 30 days")))
        }
        return problems
    }
}

/// The technician's self-check against an item's indicators (R5.1): each
/// indicator passed, or failed with a justification. A failed indicator
/// without one blocks the delivery report.
public struct SelfCheck: Hashable, Codable, Sendable {
    public struct Result: Hashable, Codable, Sendable {
        public var code: String
        public var passed: Bool
        /// Why the report may go out although the indicator failed.
        public var justification: String?

        public init(code: String, passed: Bool, justification: String? = nil) {
            self.code = code
            self.passed = passed
            self.justification = justification
        }
    }

    public var results: [Result]

    public init(results: [Result]) {
        self.results = results
    }

    /// What stops the delivery report: indicators not checked, and failed
    /// ones without a justification.
    public func blockers(against standard: AcceptanceStandard) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let byCode = Dictionary(results.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        for indicator in standard.indicators {
            guard let result = byCode[indicator.code] else {
                problems.append(
                    FieldProblem(
                        field: "selfCheck.\(indicator.code)", code: "selfCheck.missing",
                        message: LocalizedText(
                            zhHans: "未自检：\(indicator.name.zhHans)", en: "Not checked: \(indicator.name.en)")))
                continue
            }
            let justified = !(result.justification?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true)
            if !result.passed && !justified {
                problems.append(
                    FieldProblem(
                        field: "selfCheck.\(indicator.code)", code: "selfCheck.failed",
                        message: LocalizedText(
                            zhHans: "未达标，须整改或说明原因：\(indicator.name.zhHans)",
                            en: "Failed: fix it or say why the report may go out: \(indicator.name.en)")))
            }
        }
        return problems
    }
}

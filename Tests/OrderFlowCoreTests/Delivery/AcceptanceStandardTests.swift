import OrderFlowCore
import Testing

@Suite("Delivery: acceptance criteria and the technician's self-check (R5.1)")
struct AcceptanceStandardTests {
    static let standard = AcceptanceStandard(
        indicators: [
            AcceptanceIndicator(
                code: "airflow", name: LocalizedText(zhHans: "出风正常", en: "Normal airflow"),
                passWhen: LocalizedText(zhHans: "最高档风速无异响", en: "Top speed without noise")),
            AcceptanceIndicator(
                code: "no-leak", name: LocalizedText(zhHans: "无漏水", en: "No leak"),
                passWhen: LocalizedText(zhHans: "运行 15 分钟无滴水", en: "No drip after 15 minutes")),
        ],
        method: LocalizedText(zhHans: "试机 15 分钟", en: "Run 15 minutes"), periodHours: 72)

    @Test("R5.1 a failed indicator blocks the report until justified; an unchecked one blocks too")
    func blockers() {
        let failed = SelfCheck(results: [
            .init(code: "airflow", passed: true), .init(code: "no-leak", passed: false, justification: "  "),
        ])
        #expect(failed.blockers(against: Self.standard).map(\.code) == ["selfCheck.failed"])
        let justified = SelfCheck(results: [
            .init(code: "airflow", passed: true),
            .init(code: "no-leak", passed: false, justification: "排水管为客户自装，已告知客户"),
        ])
        #expect(justified.blockers(against: Self.standard).isEmpty)
        let partial = SelfCheck(results: [.init(code: "airflow", passed: true)])
        #expect(partial.blockers(against: Self.standard).map(\.field) == ["selfCheck.no-leak"])
    }

    @Test("R5.1 a standard needs unique codes, names in both languages and a sane period")
    func problems() {
        #expect(Self.standard.problems.isEmpty)
        var bad = Self.standard
        bad.indicators[1].code = "airflow"
        bad.indicators[0].name = LocalizedText(zhHans: "", en: "Airflow")
        bad.periodHours = 0
        #expect(
            bad.problems.map(\.code) == [
                "acceptance.indicatorName", "acceptance.indicatorCode", "acceptance.period",
            ])
    }
}

import Foundation
import OrderFlowCore
import Testing

@Suite("Tracking: the delay analysis (R4.6)")
struct DelayAnalysisTests {
    static let t0 = Date(timeIntervalSince1970: 1_796_090_400)
    static let tech = UUID()

    static func fact(
        _ stage: TrackingStage, store: String = "SH01", minutes: Double?, cause: DelayCause? = nil,
        items: [String] = ["AC-CLEAN"], technicians: [UUID] = []
    ) -> DelayFact {
        DelayFact(
            orderNumber: "SH01-X", storeCode: store, stage: stage, deadline: t0,
            endedAt: minutes.map { t0.addingTimeInterval($0 * 60) }, cause: cause, itemCodes: items,
            technicianIDs: technicians)
    }

    @Test("R4.6 late stages grouped by stage, with count, total, average and longest")
    func byStage() {
        let facts = [
            Self.fact(.dispatch, minutes: 30), Self.fact(.dispatch, minutes: 90), Self.fact(.arrival, minutes: 15),
            // Still running late: counted up to now.
            Self.fact(.arrival, minutes: nil),
        ]
        let rows = DelayAnalysis.rows(facts, by: .stage, now: Self.t0.addingTimeInterval(45 * 60))
        #expect(rows.map(\.key) == ["dispatch", "arrival"])
        #expect(rows[0].lateStages == 2 && rows[0].totalMinutes == 120 && rows[0].maxMinutes == 90)
        #expect(rows[0].averageMinutes == 60)
        #expect(rows[1].totalMinutes == 60)
    }

    @Test("R4.6 by cause (none stated is its own row), by item and technician (each counts once per stage)")
    func otherDimensions() {
        let facts = [
            Self.fact(
                .arrival, minutes: 20, cause: .trafficOrWeather, items: ["AC-CLEAN", "AC-CLEAN", "WM-REPAIR"],
                technicians: [Self.tech]),
            Self.fact(.service, minutes: 10, cause: nil, items: [], technicians: []),
        ]
        let causes = DelayAnalysis.rows(facts, by: .cause, now: Self.t0)
        #expect(Set(causes.map(\.key)) == ["trafficOrWeather", DelayAnalysis.none])
        let items = DelayAnalysis.rows(facts, by: .item, now: Self.t0)
        #expect(items.map(\.lateStages) == [1, 1, 1])
        #expect(Set(items.map(\.key)) == ["AC-CLEAN", "WM-REPAIR", DelayAnalysis.none])
        let technicians = DelayAnalysis.rows(facts, by: .technician, now: Self.t0)
        #expect(Set(technicians.map(\.key)) == [Self.tech.uuidString, DelayAnalysis.none])
    }

    @Test("R4.6 CSV has a header, labels beside keys, and quotes what needs quoting")
    func csv() {
        let rows = DelayAnalysis.rows([Self.fact(.dispatch, minutes: 30)], by: .stage, now: Self.t0)
        let text = DelayAnalysis.csv(rows, dimension: .stage) { _ in "派单, \"快\"" }
        #expect(
            text == "stage,label,late_stages,total_minutes,average_minutes,max_minutes\r\n"
                + "dispatch,\"派单, \"\"快\"\"\",1,30,30,30\r\n")
    }
}

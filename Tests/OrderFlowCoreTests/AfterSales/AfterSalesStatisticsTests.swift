import Foundation
import OrderFlowCore
import Testing

@Suite("After-sales: statistics of common problems and complaint hot spots (R6.5)")
struct AfterSalesStatisticsTests {
    /// 2026-12-01T02:00Z.
    static let t0 = Date(timeIntervalSince1970: 1_796_090_400)
    static let techA = UUID()
    static let techB = UUID()

    static func fact(
        _ problem: String = "leak", at: Date = t0, store: String = "SH01", item: String = "AC-CLEAN",
        technicians: [UUID] = [], source: AfterSalesFact.Source = .claim, eligible: Bool? = true
    ) -> AfterSalesFact {
        AfterSalesFact(
            at: at, storeCode: store, itemCode: item, technicianIDs: technicians, problem: problem, source: source,
            eligible: source == .complaint ? nil : eligible)
    }

    @Test("R6.5 by problem: totals, claims, complaints and eligible claims, most frequent first, ties by key")
    func byProblem() {
        let facts = [
            Self.fact("noise", eligible: false), Self.fact("leak"), Self.fact("leak", source: .complaint),
            Self.fact("leak", eligible: false), Self.fact("odor"),
        ]
        let rows = AfterSalesStatistics.rows(facts, by: .problem)
        #expect(rows.map(\.key) == ["leak", "noise", "odor"])
        #expect(rows[0] == AfterSalesStatistics.Row(key: "leak", total: 3, claims: 2, complaints: 1, eligible: 1))
        #expect(rows[1].eligible == 0 && rows[2].eligible == 1)
    }

    @Test("R6.5 by item and by store; facts without an item count under none")
    func byItemAndStore() {
        let facts = [
            Self.fact(store: "SH01", item: "AC-CLEAN"), Self.fact(store: "SH02", item: "AC-CLEAN"),
            Self.fact(store: "SH02", item: "", source: .complaint),
        ]
        let items = AfterSalesStatistics.rows(facts, by: .item)
        #expect(items.map(\.key) == ["AC-CLEAN", AfterSalesStatistics.none])
        #expect(items[0].total == 2 && items[1].complaints == 1)
        let stores = AfterSalesStatistics.rows(facts, by: .store)
        #expect(stores.map(\.key) == ["SH02", "SH01"])
        #expect(stores.map(\.total) == [2, 1])
    }

    @Test("R6.5 by technician: a fact counts once for each of its technicians, none when there were none")
    func byTechnician() {
        let facts = [
            Self.fact(technicians: [Self.techA, Self.techB, Self.techA]), Self.fact(technicians: [Self.techA]),
            Self.fact(technicians: [], source: .complaint),
        ]
        let rows = AfterSalesStatistics.rows(facts, by: .technician)
        let byKey = Dictionary(uniqueKeysWithValues: rows.map { ($0.key, $0) })
        #expect(rows.first?.key == Self.techA.uuidString)
        #expect(byKey[Self.techA.uuidString]?.total == 2)
        #expect(byKey[Self.techB.uuidString]?.total == 1)
        #expect(byKey[AfterSalesStatistics.none]?.complaints == 1)
        #expect(rows.map(\.total).reduce(0, +) == 4)
    }

    @Test("R6.5 by month in Shanghai: 2026-11-30T16:30Z is already December there")
    func byMonth() {
        let lateNovemberUTC = Date(timeIntervalSince1970: 1_796_056_200)  // 2026-11-30T16:30Z
        let facts = [
            Self.fact(at: lateNovemberUTC), Self.fact(at: lateNovemberUTC.addingTimeInterval(-3_600)),  // 23:30 Nov 30
            Self.fact(at: Self.t0),
        ]
        let shanghai = AfterSalesStatistics.rows(facts, by: .month, in: TimeZone(identifier: "Asia/Shanghai") ?? .gmt)
        #expect(shanghai.map(\.key) == ["2026-12", "2026-11"])
        #expect(shanghai.map(\.total) == [2, 1])
        #expect(AfterSalesStatistics.rows(facts, by: .month).map(\.key) == ["2026-12", "2026-11"])
        let utc = AfterSalesStatistics.rows(facts, by: .month, in: .gmt)
        #expect(utc.map(\.key) == ["2026-11", "2026-12"])
        #expect(utc.map(\.total) == [2, 1])
    }

    @Test("R6.5 CSV has an English header, labels beside keys, and quotes commas, quotes and line breaks")
    func csv() {
        let rows = AfterSalesStatistics.rows(
            [Self.fact("leak"), Self.fact("leak", source: .complaint), Self.fact("a,b", eligible: false)],
            by: .problem)
        let text = AfterSalesStatistics.csv(rows, dimension: .problem) { key in
            key == "leak" ? "漏水, \"滴水\"" : "line\nbreak"
        }
        #expect(
            text == "problem,label,total,claims,complaints,eligible\r\n"
                + "leak,\"漏水, \"\"滴水\"\"\",2,1,1,1\r\n"
                + "\"a,b\",\"line\nbreak\",1,1,0,0\r\n")
        #expect(
            AfterSalesStatistics.csv([], dimension: .month) { $0 } == "month,label,total,claims,complaints,eligible\r\n"
        )
    }
}

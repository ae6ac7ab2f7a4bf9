import Foundation
import Mustache
import Testing

@testable import OrderFlowHTTP

/// The parts every report page shares (R4.6 delays, R6.5 after-sales):
/// the chart's scale and the frame's lookup.
@Suite("Report charts and the page frame")
struct ReportPartsTests {
    @Test("R6.5 bars scale to the longest, parts follow each other, the total comes after")
    func barsScaleToTheLongest() {
        let chart = BarChart(
            id: "c", title: "t", rows: [("leak", [3, 1], 4), ("stain", [1, 1], 2), ("noise", [0, 0], 0)],
            fills: ["blue", "red"])
        #expect(chart.bars.map(\.label) == ["leak", "stain", "noise"])
        let leak = chart.bars[0]
        #expect(leak.parts.map(\.width) == [315, 105])
        #expect(leak.parts.map(\.x) == [BarChart.left, BarChart.left + 315])
        #expect(leak.countX == BarChart.left + 420 + 6)
        #expect(chart.bars[1].parts.map(\.width) == [105, 105])
        #expect(chart.bars[2].parts.map(\.width) == [0, 0])
        #expect(chart.bars.map(\.y) == [8, 38, 68])
        #expect(chart.height == 16 + 3 * 30)
    }

    @Test("R4.6 a one-part chart keeps a small bar visible and shows at most twelve rows")
    func minimumWidthAndTwelveRows() {
        let rows = (1...15).map { ("s\($0)", [$0 == 1 ? 1000 : 1], $0 == 1 ? 1000 : 1) }
        let chart = BarChart(id: "c", title: "t", rows: rows, fills: ["red"], minimumWidth: 2)
        #expect(chart.bars.count == BarChart.shownRows)
        #expect(chart.bars[0].parts[0].width == 420)
        #expect(chart.bars[1].parts[0].width == 2)
    }

    struct Content: Sendable {
        let title: String
        let note: String?
        let missing: String?
    }

    @Test("a framed page reads the frame's words and chrome and the content's own members")
    func framedPageLookup() throws {
        let template = try MustacheTemplate(
            string: "{{t.hello}}|{{title}}|{{note}}|{{#missing}}shown{{/missing}}{{^missing}}none{{/missing}}")
        let library = MustacheLibrary(templates: ["p": template])
        let chrome = Chrome(
            lang: "en", title: "T", displayName: "D", username: "u", csrf: "x", nav: [],
            switchLanguageLabel: "中文", switchLanguageTag: "zh-Hans", here: "/")
        let page = FramedPage(
            frame: ConsoleFrame(t: ["hello": "Hi"], chrome: chrome),
            content: Content(title: "Delays", note: "late", missing: nil))
        #expect(library.render(page, withTemplate: "p") == "Hi|Delays|late|none")
    }
}

/// A horizontal bar chart of a report page, drawn on the server as SVG by
/// `bar-chart.mustache` (the pages' CSP allows no script): the first twelve
/// rows, each bar made of one or more coloured parts scaled to the longest
/// bar, its label before it and its total after it.
struct BarChart: Sendable {
    struct Part: Sendable {
        let x: Int
        let width: Int
        let fill: String
    }

    struct Bar: Sendable {
        let label: String
        let total: Int
        let y: Int
        let textY: Int
        let parts: [Part]
        let countX: Int
    }

    static let shownRows = 12
    /// Where the bars start (labels end just before) and how long the longest is.
    static let left = 200
    static let longest = 420

    let id: String
    let title: String
    let bars: [Bar]
    let height: Int

    /// - Parameters:
    ///   - rows: each row's label, the counts of its parts (in `fills`' order) and its total.
    ///   - minimumWidth: the width a non-empty one-part bar never goes below, so that it stays visible.
    init(
        id: String, title: String, rows: [(label: String, parts: [Int], total: Int)], fills: [String],
        minimumWidth: Int = 0
    ) {
        let top = rows.prefix(Self.shownRows)
        let most = max(1, top.map { $0.parts.reduce(0, +) }.max() ?? 1)
        bars = top.enumerated().map { index, row in
            var x = Self.left
            let parts = zip(row.parts, fills).map { count, fill in
                let width = max(minimumWidth, count * Self.longest / most)
                defer { x += width }
                return Part(x: x, width: width, fill: fill)
            }
            return Bar(
                label: row.label, total: row.total, y: 8 + index * 30, textY: 26 + index * 30, parts: parts,
                countX: x + 6)
        }
        self.id = id
        self.title = title
        height = 16 + bars.count * 30
    }
}

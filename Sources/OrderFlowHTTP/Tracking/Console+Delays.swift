import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OrderFlowApp
import OrderFlowCore

/// The delay analysis page (R4.6): a period and a grouping, a bar chart of
/// late stages, the table, and the same as CSV.
extension TrackingChapter {
    struct DelayBar: Sendable {
        let label: String
        let count: Int
        let y: Int
        let textY: Int
        let width: Int
        let countX: Int
    }

    struct DelayTableRow: Sendable {
        let label: String
        let count: Int
        let total: Int
        let average: Int
        let maximum: Int
    }

    struct DelaysPage: Sendable {
        let t: [String: String]
        let chrome: Chrome
        let errors: [String]
        let from: String
        let to: String
        let dimensions: [Choice]
        let lateStages: Int
        let bars: [DelayBar]
        let chartHeight: Int
        let rows: [DelayTableRow]
        let none: Bool
        let csvHref: String
    }

    func delayReportPage(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        let query = try ReportRequest(request, visit, right: .readDelayAnalysis)
        let (from, to) = (query.from, query.to)
        let dimension = query.dimension(or: DelayAnalysis.Dimension.stage)
        let (report, errors) = try await query.load(in: self, visit) {
            try await delayReport(from: from, to: to, dimension: dimension, visit)
        }
        let rows = report?.rows ?? []
        let top = rows.prefix(12)
        let most = max(1, top.map(\.lateStages).max() ?? 1)
        let bars = top.enumerated().map { index, row in
            DelayBar(
                label: report?.label(row.key, in: visit.language) ?? row.key, count: row.lateStages, y: 8 + index * 30,
                textY: 26 + index * 30, width: max(2, row.lateStages * 420 / most),
                countX: 200 + max(2, row.lateStages * 420 / most) + 6)
        }
        let page = DelaysPage(
            t: visit.t, chrome: visit.chrome(title: visit.t["delays_title"] ?? "", current: "delays"), errors: errors,
            from: from, to: to,
            dimensions: DelayAnalysis.Dimension.allCases.map {
                Choice(
                    value: $0.rawValue, label: visit.t["delays_by_\($0.rawValue)"] ?? $0.rawValue,
                    selected: $0 == dimension)
            }, lateStages: report?.lateStages ?? 0, bars: bars, chartHeight: 16 + bars.count * 30,
            rows: rows.map {
                DelayTableRow(
                    label: report?.label($0.key, in: visit.language) ?? $0.key, count: $0.lateStages,
                    total: Int($0.totalMinutes.rounded()), average: Int($0.averageMinutes.rounded()),
                    maximum: Int($0.maxMinutes.rounded()))
            }, none: rows.isEmpty,
            csvHref: query.csvHref("/console/reports/delays.csv", dimension.rawValue))
        return renderer.page("delays", page, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    func delayReportCSV(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        let query = try ReportRequest(request, visit, right: .readDelayAnalysis)
        let dimension = query.dimension(or: DelayAnalysis.Dimension.stage)
        let report = try await delayReport(from: query.from, to: query.to, dimension: dimension, visit)
        let language = visit.language
        let csv = DelayAnalysis.csv(report.rows, dimension: dimension) { report.label($0, in: language) }
        return query.csv(csv, named: "delays", dimension.rawValue)
    }

    private func delayReport(from: String, to: String, dimension: DelayAnalysis.Dimension, _ visit: ConsoleVisit)
        async throws -> TrackingService.DelayReport
    {
        let period = try ConsoleDates.reportPeriod(from: from, to: to)
        return try await tracking.delayReport(from: period.start, to: period.end, by: dimension, caller: visit.caller)
    }
}

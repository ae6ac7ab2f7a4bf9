import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OrderFlowApp
import OrderFlowCore

/// The delay analysis page (R4.6): a period and a grouping, a bar chart of
/// late stages, the table, and the same as CSV.
extension TrackingChapter {
    struct DelayTableRow: Sendable {
        let label: String
        let count: Int
        let total: Int
        let average: Int
        let maximum: Int
    }

    struct DelaysPage: Sendable {
        let form: ReportRequest.Form
        let lateStages: Int
        let chart: BarChart
        let rows: [DelayTableRow]
        let none: Bool
    }

    func delayReportPage(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        let query = try ReportRequest(request, visit, right: .readDelayAnalysis)
        let (from, to) = (query.from, query.to)
        let dimension = query.dimension(or: DelayAnalysis.Dimension.stage)
        let (report, errors) = try await query.load(in: self, visit) {
            try await delayReport(from: from, to: to, dimension: dimension, visit)
        }
        let rows = (report?.rows ?? []).map {
            DelayTableRow(
                label: report?.label($0.key, in: visit.language) ?? $0.key, count: $0.lateStages,
                total: Int($0.totalMinutes.rounded()), average: Int($0.averageMinutes.rounded()),
                maximum: Int($0.maxMinutes.rounded()))
        }
        let chart = BarChart(
            id: "delay-chart", title: visit.t["delays_chart"] ?? "",
            rows: rows.map { ($0.label, [$0.count], $0.count) }, fills: ["#dc2626"], minimumWidth: 2)
        let page = DelaysPage(
            form: query.form(
                "/console/reports/delays", ids: ("delay-query", "delays-csv"), chosen: dimension,
                labels: "delays_by_", errors: errors, visit),
            lateStages: report?.lateStages ?? 0, chart: chart, rows: rows, none: rows.isEmpty)
        return renderer.page(
            "delays", visit.frame(title: visit.t["delays_title"] ?? "", current: "delays"), page,
            status: errors.isEmpty ? .ok : .unprocessableContent)
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

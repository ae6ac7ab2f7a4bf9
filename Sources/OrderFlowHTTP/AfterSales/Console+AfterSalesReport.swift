import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OrderFlowApp
import OrderFlowCore

/// The after-sales statistics page (R6.5): a period and a grouping, a bar
/// chart of requests and complaints, the table, the same as CSV, and the
/// rework per technician of the period (R5.4).
extension AfterSalesChapter {
    struct AfterSalesTableRow: Sendable {
        let label: String
        let total: Int
        let claims: Int
        let complaints: Int
        let eligible: Int
    }

    struct ReworkRow: Sendable {
        let name: String
        let count: Int
    }

    struct AfterSalesReportPage: Sendable {
        let form: ReportRequest.Form
        let claims: Int
        let complaints: Int
        let chart: BarChart
        let rows: [AfterSalesTableRow]
        let none: Bool
        let rework: [ReworkRow]
        let noRework: Bool
    }

    func afterSalesReportPage(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        let query = try ReportRequest(request, visit, right: .readAfterSalesStatistics)
        let (from, to) = (query.from, query.to)
        let dimension = query.dimension(or: AfterSalesStatistics.Dimension.problem)
        let (report, errors) = try await query.load(in: self, visit) {
            try await afterSalesStatistics(from: from, to: to, dimension: dimension, visit)
        }
        let rows = (report?.rows ?? []).map {
            AfterSalesTableRow(
                label: report?.label($0.key, in: visit.language) ?? $0.key, total: $0.total, claims: $0.claims,
                complaints: $0.complaints, eligible: $0.eligible)
        }
        // Two parts per bar: warranty requests (blue), then complaints (red).
        let chart = BarChart(
            id: "after-sales-chart", title: visit.t["asr_chart"] ?? "",
            rows: rows.map { ($0.label, [$0.claims, $0.complaints], $0.total) }, fills: ["#2563eb", "#dc2626"])
        let page = AfterSalesReportPage(
            form: query.form(
                "/console/reports/after-sales", ids: ("after-sales-query", "after-sales-csv"), chosen: dimension,
                labels: "asr_by_", errors: errors, visit),
            claims: report?.claims ?? 0, complaints: report?.complaints ?? 0, chart: chart, rows: rows,
            none: rows.isEmpty,
            rework: (report?.reworkByTechnician ?? []).map { ReworkRow(name: $0.name, count: $0.count) },
            noRework: report?.reworkByTechnician.isEmpty ?? true)
        return renderer.page(
            "after-sales-report", visit.frame(title: visit.t["asr_title"] ?? "", current: "afterSalesReport"), page,
            status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    func afterSalesReportCSV(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        let query = try ReportRequest(request, visit, right: .readAfterSalesStatistics)
        let dimension = query.dimension(or: AfterSalesStatistics.Dimension.problem)
        let report = try await afterSalesStatistics(from: query.from, to: query.to, dimension: dimension, visit)
        return query.csv(report.csv(in: visit.language), named: "after-sales", dimension.rawValue)
    }

    private func afterSalesStatistics(
        from: String, to: String, dimension: AfterSalesStatistics.Dimension, _ visit: ConsoleVisit
    ) async throws -> AfterSalesService.Statistics {
        let period = try ConsoleDates.reportPeriod(from: from, to: to)
        return try await afterSales.statistics(from: period.start, to: period.end, by: dimension, caller: visit.caller)
    }
}

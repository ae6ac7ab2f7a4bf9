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
    struct AfterSalesBar: Sendable {
        let label: String
        let total: Int
        let y: Int
        let textY: Int
        let claimsWidth: Int
        let complaintsX: Int
        let complaintsWidth: Int
        let countX: Int
    }

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
        let t: [String: String]
        let chrome: Chrome
        let errors: [String]
        let from: String
        let to: String
        let dimensions: [Choice]
        let claims: Int
        let complaints: Int
        let bars: [AfterSalesBar]
        let chartHeight: Int
        let rows: [AfterSalesTableRow]
        let none: Bool
        let rework: [ReworkRow]
        let noRework: Bool
        let csvHref: String
    }

    func afterSalesReportPage(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        let query = try ReportRequest(request, visit, right: .readAfterSalesStatistics)
        let (from, to) = (query.from, query.to)
        let dimension = query.dimension(or: AfterSalesStatistics.Dimension.problem)
        let (report, errors) = try await query.load(in: self, visit) {
            try await afterSalesStatistics(from: from, to: to, dimension: dimension, visit)
        }
        let rows = report?.rows ?? []
        let top = rows.prefix(12)
        let most = max(1, top.map(\.total).max() ?? 1)
        // Two segments per bar: warranty requests, then complaints.
        let bars = top.enumerated().map { index, row in
            let claims = row.claims * 420 / most
            let complaints = row.complaints * 420 / most
            return AfterSalesBar(
                label: report?.label(row.key, in: visit.language) ?? row.key, total: row.total, y: 8 + index * 30,
                textY: 26 + index * 30, claimsWidth: claims, complaintsX: 200 + claims, complaintsWidth: complaints,
                countX: 200 + claims + complaints + 6)
        }
        let page = AfterSalesReportPage(
            t: visit.t, chrome: visit.chrome(title: visit.t["asr_title"] ?? "", current: "afterSalesReport"),
            errors: errors, from: from, to: to,
            dimensions: AfterSalesStatistics.Dimension.allCases.map {
                Choice(
                    value: $0.rawValue, label: visit.t["asr_by_\($0.rawValue)"] ?? $0.rawValue,
                    selected: $0 == dimension)
            }, claims: report?.claims ?? 0, complaints: report?.complaints ?? 0, bars: bars,
            chartHeight: 16 + bars.count * 30,
            rows: rows.map {
                AfterSalesTableRow(
                    label: report?.label($0.key, in: visit.language) ?? $0.key, total: $0.total, claims: $0.claims,
                    complaints: $0.complaints, eligible: $0.eligible)
            }, none: rows.isEmpty,
            rework: (report?.reworkByTechnician ?? []).map { ReworkRow(name: $0.name, count: $0.count) },
            noRework: report?.reworkByTechnician.isEmpty ?? true,
            csvHref: query.csvHref("/console/reports/after-sales.csv", dimension.rawValue))
        return renderer.page("after-sales-report", page, status: errors.isEmpty ? .ok : .unprocessableContent)
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

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
        // The right first: someone without it learns nothing about our filters (403 before 422).
        guard visit.caller.mayAtAll(.readDelayAnalysis) else { throw AppError.notAllowed }
        let (from, to) = ConsoleDates.reportPeriodQuery(request, now: visit.now)
        let dimension = Self.dimension(request)
        var errors: [String] = []
        var report: TrackingService.DelayReport?
        do {
            report = try await delayReport(from: from, to: to, dimension: dimension, visit)
        } catch let error as AppError {
            errors = try formRefusal(error, visit).1
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
            csvHref: "/console/reports/delays.csv?from=\(from)&to=\(to)&groupBy=\(dimension.rawValue)")
        return renderer.page("delays", page, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    func delayReportCSV(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        // The right first: someone without it learns nothing about our filters (403 before 422).
        guard visit.caller.mayAtAll(.readDelayAnalysis) else { throw AppError.notAllowed }
        let (from, to) = ConsoleDates.reportPeriodQuery(request, now: visit.now)
        let dimension = Self.dimension(request)
        let report = try await delayReport(from: from, to: to, dimension: dimension, visit)
        let language = visit.language
        let csv = DelayAnalysis.csv(report.rows, dimension: dimension) { report.label($0, in: language) }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"delays-\(dimension.rawValue)-\(from)-\(to).csv\"",
            ],
            // A byte-order mark, so that spreadsheet programs read the Chinese as UTF-8.
            body: .init(byteBuffer: ByteBuffer(string: "\u{FEFF}" + csv)))
    }

    /// The grouping asked for; by default by stage.
    static func dimension(_ request: Request) -> DelayAnalysis.Dimension {
        request.uri.queryParameters["groupBy"].flatMap { DelayAnalysis.Dimension(rawValue: String($0)) } ?? .stage
    }

    private func delayReport(from: String, to: String, dimension: DelayAnalysis.Dimension, _ visit: ConsoleVisit)
        async throws -> TrackingService.DelayReport
    {
        let period = try ConsoleDates.reportPeriod(from: from, to: to)
        return try await tracking.delayReport(from: period.start, to: period.end, by: dimension, caller: visit.caller)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OrderFlowApp
import OrderFlowCore

/// What every report page of the console shares (delays R4.6, after-sales
/// R6.5, and the settlement and supervision reports to come): the right
/// checked before the filters are read, the period asked for, a report that
/// could not be made shown as the form's errors, and the CSV download.
struct ReportRequest: Sendable {
    let from: String
    let to: String
    let groupBy: String?

    /// The right first: someone without it learns nothing about our filters (403 before 422).
    init(_ request: Request, _ visit: ConsoleVisit, right: AccessAction) throws {
        guard visit.caller.mayAtAll(right) else { throw AppError.notAllowed }
        (from, to) = ConsoleDates.reportPeriodQuery(request, now: visit.now)
        groupBy = request.uri.queryParameters["groupBy"].map(String.init)
    }

    /// The grouping asked for when it is one of `Dimension`'s, else `fallback`.
    func dimension<Dimension: RawRepresentable>(or fallback: Dimension) -> Dimension
    where Dimension.RawValue == String {
        groupBy.flatMap(Dimension.init(rawValue:)) ?? fallback
    }

    /// The filter form above a report (`report-form.mustache`): the period,
    /// the grouping, the link to the same report as CSV, and the errors.
    struct Form: Sendable {
        let errors: [String]
        let action: String
        let formId: String
        let csvId: String
        let from: String
        let to: String
        let dimensions: [Choice]
        let csvHref: String
    }

    /// The form of the report at `action` (its CSV at `action` + `.csv`),
    /// each grouping labelled by the message `labels` + its name.
    func form<Dimension: RawRepresentable & CaseIterable & Equatable>(
        _ action: String, ids: (form: String, csv: String), chosen: Dimension, labels: String, errors: [String],
        _ visit: ConsoleVisit
    ) -> Form where Dimension.RawValue == String {
        Form(
            errors: errors, action: action, formId: ids.form, csvId: ids.csv, from: from, to: to,
            dimensions: Dimension.allCases.map {
                Choice(value: $0.rawValue, label: visit.t[labels + $0.rawValue] ?? $0.rawValue, selected: $0 == chosen)
            }, csvHref: "\(action).csv?from=\(from)&to=\(to)&groupBy=\(chosen.rawValue)")
    }

    /// The report, or the problems that kept it from being made (422 on the page).
    func load<Report: Sendable>(
        in chapter: some ConsoleChapter, _ visit: ConsoleVisit, _ make: () async throws -> Report
    )
        async throws -> (report: Report?, errors: [String])
    {
        do {
            return (try await make(), [])
        } catch let error as AppError {
            return (nil, try chapter.formRefusal(error, visit).1)
        }
    }

    /// The CSV as a download, with a byte-order mark so that spreadsheet
    /// programs read the Chinese as UTF-8.
    func csv(_ text: String, named name: String, _ dimension: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"\(name)-\(dimension)-\(from)-\(to).csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: "\u{FEFF}" + text)))
    }
}

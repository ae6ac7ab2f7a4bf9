import Foundation
import OpenAPIRuntime
import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore

extension APIHandler {
    func openProblemCase(_ input: Operations.OpenProblemCase.Input) async throws -> Operations.OpenProblemCase.Output {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let problem = try await tracking.openProblemCase(
            input.path.orderRef, kind: body.kind.flatMap { ProblemKind(rawValue: $0.rawValue) },
            description: body.description, by: try caller)
        return .created(.init(headers: .init(eTag: ETag.make(version: problem.version)), body: .json(.init(problem))))
    }

    func listProblemCases(_ input: Operations.ListProblemCases.Input) async throws
        -> Operations.ListProblemCases.Output
    {
        let cases = try await tracking.problemCases(openOnly: input.query.state != .all, by: try caller)
        return .ok(.init(body: .json(.init(items: cases.map(Components.Schemas.ProblemCase.init)))))
    }

    func getProblemCase(_ input: Operations.GetProblemCase.Input) async throws -> Operations.GetProblemCase.Output {
        let problem = try await tracking.problemCase(try Self.caseID(input.path.caseId), by: try caller)
        return .ok(.init(headers: .init(eTag: ETag.make(version: problem.version)), body: .json(.init(problem))))
    }

    func updateProblemCase(_ input: Operations.UpdateProblemCase.Input) async throws
        -> Operations.UpdateProblemCase.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let change = ProblemCaseChange(
            responsibility: Responsibility(rawValue: body.responsibility.rawValue) ?? .undetermined,
            responsibleStaffID: body.responsibleStaffId.flatMap(UUID.init(uuidString:)),
            responsibleParty: body.responsibleParty, cause: body.cause ?? "", measures: body.measures ?? "",
            expectedResolutionAt: body.expectedResolutionAt,
            actions: (body.actions ?? []).map {
                CorrectiveAction(description: $0.description, owner: $0.owner, dueAt: $0.dueAt, doneAt: $0.doneAt)
            }, tellCustomer: body.tellCustomer ?? false)
        let problem = try await tracking.updateProblemCase(
            try Self.caseID(input.path.caseId), change, ifMatch: ETag.version(fromIfMatch: input.headers.ifMatch),
            by: try caller)
        return .ok(.init(headers: .init(eTag: ETag.make(version: problem.version)), body: .json(.init(problem))))
    }

    func resolveProblemCase(_ input: Operations.ResolveProblemCase.Input) async throws
        -> Operations.ResolveProblemCase.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let problem = try await tracking.resolveProblemCase(
            try Self.caseID(input.path.caseId), resolution: body.resolution,
            ifMatch: ETag.version(fromIfMatch: input.headers.ifMatch), by: try caller)
        return .ok(.init(headers: .init(eTag: ETag.make(version: problem.version)), body: .json(.init(problem))))
    }

    func getDelayReport(_ input: Operations.GetDelayReport.Input) async throws -> Operations.GetDelayReport.Output {
        let report = try await delayReport(
            from: input.query.from, to: input.query.to, groupBy: input.query.groupBy?.rawValue)
        return .ok(
            .init(
                body: .json(
                    .init(
                        from: report.from, to: report.to, groupBy: report.dimension.rawValue,
                        lateStages: report.lateStages,
                        rows: report.rows.map {
                            .init(
                                key: $0.key, label: report.label($0.key, in: language), lateStages: $0.lateStages,
                                totalMinutes: Int($0.totalMinutes.rounded()),
                                averageMinutes: Int($0.averageMinutes.rounded()),
                                maxMinutes: Int($0.maxMinutes.rounded()))
                        }))))
    }

    func getDelayReportCSV(_ input: Operations.GetDelayReportCSV.Input) async throws
        -> Operations.GetDelayReportCSV.Output
    {
        let report = try await delayReport(
            from: input.query.from, to: input.query.to, groupBy: input.query.groupBy?.rawValue)
        let language = self.language
        let csv = DelayAnalysis.csv(report.rows, dimension: report.dimension) { report.label($0, in: language) }
        return .ok(.init(body: .csv(.init(csv))))
    }

    /// The report of the days `from`…`to` (inclusive, in China's time).
    private func delayReport(from: String, to: String, groupBy: String?) async throws -> TrackingService.DelayReport {
        let dimension = groupBy.flatMap(DelayAnalysis.Dimension.init(rawValue:)) ?? .stage
        let period = try ConsoleDates.reportPeriod(from: from, to: to)
        return try await tracking.delayReport(from: period.start, to: period.end, by: dimension, caller: try caller)
    }

    static func caseID(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else {
            throw AppError.notFound(LocalizedText(zhHans: "找不到该问题记录", en: "No such problem case was found"))
        }
        return id
    }
}

extension Components.Schemas.ProblemCase {
    init(_ problem: ProblemCase) {
        self.init(
            id: problem.id.uuidString.lowercased(), orderNumber: problem.orderNumber, storeCode: problem.storeCode,
            kind: .init(rawValue: problem.kind.rawValue) ?? .other, description: problem.description,
            responsibility: .init(rawValue: problem.responsibility.rawValue) ?? .undetermined,
            responsibleStaffId: problem.responsibleStaffID?.uuidString.lowercased(),
            responsibleParty: problem.responsibleParty, cause: problem.cause, measures: problem.measures,
            expectedResolutionAt: problem.expectedResolutionAt,
            actions: problem.actions.map {
                .init(description: $0.description, owner: $0.owner, dueAt: $0.dueAt, doneAt: $0.doneAt)
            }, status: .init(rawValue: problem.status.rawValue) ?? .open, openedBy: problem.openedBy,
            openedAt: problem.openedAt, resolvedAt: problem.resolvedAt, resolution: problem.resolution,
            version: problem.version)
    }
}

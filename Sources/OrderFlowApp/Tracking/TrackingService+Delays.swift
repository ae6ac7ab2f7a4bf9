import Foundation
import OrderFlowCore
import OrderFlowStore

extension TrackingService {
    /// The delay analysis of a period (R4.6): the stages that ran past their
    /// limit, grouped by stage, store, service item, technician or cause,
    /// with a label for each key in both languages.
    public struct DelayReport: Sendable {
        public var from: Date
        public var to: Date
        public var dimension: DelayAnalysis.Dimension
        public var rows: [DelayAnalysis.Row]
        public var labels: [String: LocalizedText]
        public var lateStages: Int

        public func label(_ key: String, in language: Language) -> String {
            labels[key]?.text(in: language) ?? key
        }
    }

    public func delayReport(from: Date, to: Date, by dimension: DelayAnalysis.Dimension, caller: Caller)
        async throws -> DelayReport
    {
        try caller.require(.readDelayAnalysis)
        let problems = ReportPeriod.problems(from: from, to: to)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let stores = caller.visibleStores(for: .readDelayAnalysis)
        let now = environment.now()
        let (facts, storeList, catalog, staff) = try await database.read { db in
            (
                try await StageAlertRecords.overdueStages(from: from, to: to, stores: stores, on: db),
                try await StoreRecords.all(on: db), try await CatalogRecords.all(on: db),
                try await StaffRecords.all(on: db)
            )
        }
        let rows = DelayAnalysis.rows(facts, by: dimension, now: now)
        var labels: [String: LocalizedText] = [
            DelayAnalysis.none: dimension == .cause
                ? LocalizedText(zhHans: "未说明原因", en: "No cause given")
                : LocalizedText(zhHans: "无", en: "None")
        ]
        switch dimension {
        case .stage: for stage in TrackingStage.allCases { labels[stage.rawValue] = stage.label }
        case .store: for store in storeList { labels[store.code] = store.name }
        case .item: for item in catalog { labels[item.code] = item.name }
        case .technician:
            for member in staff {
                labels[member.id.uuidString] = LocalizedText(zhHans: member.displayName, en: member.displayName)
            }
        case .cause: for cause in DelayCause.allCases { labels[cause.rawValue] = cause.label }
        }
        return DelayReport(
            from: from, to: to, dimension: dimension, rows: rows, labels: labels, lateStages: facts.count)
    }
}

import Foundation
import OrderFlowCore
import OrderFlowStore

extension AfterSalesService {
    /// The after-sales statistics of a period (R6.5): warranty claims and
    /// problem cases (complaints, poor quality, late arrival) grouped by
    /// problem, item, store, technician or month, with labels in both
    /// languages; and the rework per technician of the same period (R5.4).
    public struct Statistics: Sendable {
        public var from: Date
        public var to: Date
        public var dimension: AfterSalesStatistics.Dimension
        public var rows: [AfterSalesStatistics.Row]
        public var labels: [String: LocalizedText]
        public var claims: Int
        public var complaints: Int
        public var reworkByTechnician: [(name: String, count: Int)]

        public func label(_ key: String, in language: Language) -> String {
            labels[key]?.text(in: language) ?? key
        }

        public func csv(in language: Language) -> String {
            AfterSalesStatistics.csv(rows, dimension: dimension) { label($0, in: language) }
        }
    }

    public func statistics(from: Date, to: Date, by dimension: AfterSalesStatistics.Dimension, caller: Caller)
        async throws -> Statistics
    {
        try caller.require(.readAfterSalesStatistics)
        let problems = ReportPeriod.problems(from: from, to: to)
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let stores = caller.visibleStores(for: .readAfterSalesStatistics)
        let (claims, cases, orders, storeList, catalog, staff, rework) = try await database.read { db in
            let cases = try await ProblemCaseRecords.documents.began(stores: stores, from: from, before: to, on: db)
            var orders: [UUID: (Order, [UUID])] = [:]
            for problem in cases where orders[problem.orderID] == nil {
                guard let order = try await OrderRecords.find(id: problem.orderID, on: db) else { continue }
                let technicians = try await AssignmentRecords.find(orderID: order.id, on: db)?.assignment.technicianIDs
                orders[order.id] = (order, technicians ?? [])
            }
            return (
                try await WarrantyClaimRecords.documents.began(stores: stores, from: from, before: to, on: db), cases,
                orders,
                try await StoreRecords.all(on: db), try await CatalogRecords.all(on: db),
                try await StaffRecords.all(on: db),
                try await DeliveryReportRecords.reworkCounts(stores: stores, from: from, before: to, on: db)
            )
        }
        var facts = claims.map { claim in
            AfterSalesFact(
                at: claim.receivedAt, storeCode: claim.storeCode, itemCode: claim.itemCode,
                technicianIDs: claim.technicianIDs, problem: claim.problem, source: .claim,
                eligible: claim.assessment.eligible)
        }
        facts += cases.map { problem in
            let order = orders[problem.orderID]
            return AfterSalesFact(
                at: problem.openedAt, storeCode: problem.storeCode, itemCode: order?.0.lines.first?.itemCode ?? "",
                // Counted against the technician held responsible (R4.7),
                // never against whoever did the job when the fault was elsewhere.
                technicianIDs: problem.responsibility == .technician
                    ? problem.responsibleStaffID.map { [$0] } ?? [] : [],
                problem: problem.kind.rawValue, source: .complaint, eligible: nil)
        }
        var labels: [String: LocalizedText] = [AfterSalesStatistics.none: LocalizedText(zhHans: "无", en: "None")]
        switch dimension {
        case .problem:
            for key in Set(facts.map(\.problem)) { labels[key] = WarrantyProblem.label(for: key) }
            for kind in ProblemKind.allCases { labels[kind.rawValue] = kind.label }
        case .store: for store in storeList { labels[store.code] = store.name }
        case .item: for item in catalog { labels[item.code] = item.name }
        case .technician:
            for member in staff {
                let name = LocalizedText(zhHans: member.displayName, en: member.displayName)
                labels[member.id.uuidString] = name
                labels[member.id.uuidString.lowercased()] = name
            }
        case .month: break
        }
        let names = Dictionary(uniqueKeysWithValues: staff.map { ($0.id, $0.displayName) })
        return Statistics(
            from: from, to: to, dimension: dimension, rows: AfterSalesStatistics.rows(facts, by: dimension),
            labels: labels, claims: claims.count, complaints: cases.count,
            reworkByTechnician: rework.map { (names[$0.key] ?? $0.key.uuidString, $0.value) }.sorted {
                ($1.1, $0.0) < ($0.1, $1.0)
            })
    }
}

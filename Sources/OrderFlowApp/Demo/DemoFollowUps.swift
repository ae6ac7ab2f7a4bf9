import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore

/// The demo's follow-ups: customers of some finished jobs called in their
/// ratings; one unhappy customer's late technician became a problem case,
/// attributed, corrected and explained to the customer. Return calls are
/// already there: every check-out made one (R4.2).
enum DemoFollowUps {
    static func record(
        database: any OrderFlowDatabase, now: Date, staff: [String: StaffMember], logger: Logger
    ) async throws {
        guard let agent = staff["cs.liu"].map(Caller.staff) else { return }
        let tracking = TrackingService(database: database, environment: .at { now }, logger: logger)
        let comments = [
            (5, "师傅准时，做得很仔细"), (4, "整体满意，就是等了一会儿"), (2, "约的九点，快十点才到，也没提前打电话"),
        ]
        for store in DemoCatalog.stores {
            let finished = try await database.read { db in
                try await AssignmentRecords.forStore(
                    store.code, from: now.addingTimeInterval(-14 * 86_400), before: now, on: db)
            }.filter { $0.checkedOutAt != nil }.sorted { $0.assignment.start < $1.assignment.start }
            for (stored, (rating, comment)) in zip(finished.prefix(comments.count), comments) {
                let order = stored.assignment.orderNumber
                _ = try await tracking.recordFeedback(
                    order, rating: rating, comment: comment, channel: .phone, by: agent)
                guard rating <= 2, let manager = staff["\(store.code.prefix(2).lowercased()).manager"] else { continue }
                let caller = Caller.staff(manager)
                let problem = try await tracking.openProblemCase(
                    order, kind: .lateArrival, description: "客户反映师傅迟到近一小时且未提前告知", by: caller)
                _ = try await tracking.updateProblemCase(
                    problem.id,
                    ProblemCaseChange(
                        responsibility: .technician, responsibleStaffID: stored.assignment.technicianIDs.first,
                        cause: "前一单超时，师傅未按流程提前联系客户改约",
                        measures: "门店致歉并减免上门费；师傅重新学习改约流程",
                        expectedResolutionAt: now.addingTimeInterval(2 * 86_400),
                        actions: [CorrectiveAction(description: "改约流程复训", owner: manager.username, dueAt: nil)],
                        tellCustomer: true), ifMatch: nil, by: caller)
            }
        }
    }
}

import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// What staff change on a problem case: all fields at once, as the form has them.
public struct ProblemCaseChange: Sendable {
    public var responsibility: Responsibility
    public var responsibleStaffID: UUID?
    public var responsibleParty: String?
    public var cause: String
    public var measures: String
    public var expectedResolutionAt: Date?
    public var actions: [CorrectiveAction]
    /// Send the customer the cause, the measures and the expected time now (R4.8).
    public var tellCustomer: Bool

    public init(
        responsibility: Responsibility, responsibleStaffID: UUID? = nil, responsibleParty: String? = nil,
        cause: String = "", measures: String = "", expectedResolutionAt: Date? = nil,
        actions: [CorrectiveAction] = [], tellCustomer: Bool = false
    ) {
        self.responsibility = responsibility
        self.responsibleStaffID = responsibleStaffID
        self.responsibleParty = responsibleParty
        self.cause = cause
        self.measures = measures
        self.expectedResolutionAt = expectedResolutionAt
        self.actions = actions
        self.tellCustomer = tellCustomer
    }
}

extension TrackingService {
    /// Opens a case on an order (R4.7); a follow-up to confirm the outcome
    /// with the customer is made for the store's after-sales staff.
    public func openProblemCase(
        _ reference: String, kind: ProblemKind?, description: String?, by caller: Caller
    ) async throws -> ProblemCase {
        guard let kind else {
            throw AppError.invalid([
                FieldProblem(
                    field: "kind", code: "problem.kind",
                    message: LocalizedText(zhHans: "请选择问题类型", en: "Choose what kind of problem it is"))
            ])
        }
        let description = try Self.text(description, field: "description", max: 2000, required: true)
        let now = environment.now()
        let ids = (environment.newID(), environment.newID())
        return try await write { db in
            let order = try await OrderLookup.visible(reference, for: .handleProblemCases, by: caller, on: db)
            let problem = ProblemCase(
                id: ids.0, orderID: order.id, orderNumber: order.number, storeCode: order.storeCode, kind: kind,
                description: description, openedBy: caller.actor.description, openedAt: now)
            try await ProblemCaseRecords.insert(problem, on: db)
            try await OrderChange.commit(
                order, .problemOpened, FollowUpPayload(problem: problem), by: caller.actor, at: now, on: db)
            try await FollowUpRules.apply(.problemCase, to: order, at: now, newID: ids.1, on: db)
            return problem
        }
    }

    /// Attributes, corrects and explains a case. A technician found
    /// responsible gets a mark on their assessment record (once per case);
    /// with `tellCustomer`, the customer is sent the cause, the measures
    /// and the expected resolution time (R4.8), which must all be known.
    public func updateProblemCase(
        _ id: UUID, _ change: ProblemCaseChange, ifMatch version: Int?, by caller: Caller
    ) async throws -> ProblemCase {
        let now = environment.now()
        let markID = environment.newID()
        return try await changeDocument(id, of: Self.cases, ifMatch: version, by: caller) { problem, order, db in
            problem.responsibility = change.responsibility
            problem.responsibleStaffID = change.responsibility == .technician ? change.responsibleStaffID : nil
            problem.responsibleParty =
                change.responsibility == .department || change.responsibility == .external
                ? change.responsibleParty?.trimmingCharacters(in: .whitespaces) : nil
            problem.cause = change.cause.trimmingCharacters(in: .whitespacesAndNewlines)
            problem.measures = change.measures.trimmingCharacters(in: .whitespacesAndNewlines)
            problem.expectedResolutionAt = change.expectedResolutionAt
            problem.actions = change.actions
            var problems = problem.problems
            if change.tellCustomer && !problem.isReadyToTellCustomer {
                problems.append(
                    FieldProblem(
                        field: "tellCustomer", code: "problem.notReadyToTell",
                        message: LocalizedText(
                            zhHans: "告知客户前，请填写原因、措施和预计解决时间",
                            en: "Before telling the customer, give the cause, the measures and the expected time")))
            }
            // The mark goes on a technician of the order's store, never on a stranger's id.
            if let staffID = problem.responsibleStaffID {
                let member = try await StaffRecords.find(id: staffID, on: db)
                let isTechnicianHere = member?.serves(as: [.technician], in: order.storeCode) ?? false
                if !isTechnicianHere {
                    problems.append(
                        FieldProblem(
                            field: "responsibleStaffId", code: "problem.unknownTechnician",
                            message: LocalizedText(
                                zhHans: "找不到本店的这位服务人员", en: "No such technician at this order's store")))
                }
            }
            guard problems.isEmpty else { throw AppError.invalid(problems) }
            let payload = try OrderEventPayload(FollowUpPayload(problem: problem))
            // Telling the customer (R4.8) is a second event of the same change.
            let told = change.tellCustomer ? [OrderChange.Event(.customerInformed, payload, by: caller.actor)] : []
            try await OrderChange.commit(
                order, events: [.init(.problemUpdated, payload, by: caller.actor)] + told, at: now, on: db)
            if let staffID = problem.responsibleStaffID {
                try await ProblemCaseRecords.mark(
                    AssessmentMark(
                        id: markID, staffID: staffID, caseID: problem.id, orderNumber: problem.orderNumber,
                        kind: problem.kind, points: AssessmentMark.points(for: problem.kind),
                        note: problem.cause.isEmpty ? problem.description : problem.cause, at: now), on: db)
            }
        }
    }

    /// Resolves a case; the customer is told how (R4.8).
    public func resolveProblemCase(_ id: UUID, resolution: String?, ifMatch version: Int?, by caller: Caller)
        async throws -> ProblemCase
    {
        let resolution = try Self.text(resolution, field: "resolution", max: 1000, required: true)
        let now = environment.now()
        return try await changeDocument(id, of: Self.cases, ifMatch: version, by: caller) { problem, order, db in
            problem.status = .resolved
            problem.resolvedAt = now
            problem.resolution = resolution
            try await OrderChange.commit(
                order, .problemResolved, FollowUpPayload(problem: problem), reason: resolution, by: caller.actor,
                at: now, on: db)
        }
    }

    public func problemCases(ofOrder order: Order) async throws -> [ProblemCase] {
        try await database.read { try await ProblemCaseRecords.documents.forOrder(order.id, on: $0) }
    }

    public func problemCases(openOnly: Bool, by caller: Caller) async throws -> [ProblemCase] {
        try caller.require(.handleProblemCases)
        let stores = caller.visibleStores(for: .handleProblemCases)
        return try await database.read {
            try await ProblemCaseRecords.list(stores: stores, openOnly: openOnly, limit: 300, on: $0)
        }
    }

    public func problemCase(_ id: UUID, by caller: Caller) async throws -> ProblemCase {
        let found = try await database.read { try await ProblemCaseRecords.documents.find(id: id, on: $0) }
        guard let found, caller.may(.handleProblemCases, storeCode: found.storeCode) else {
            throw Self.caseNotFound
        }
        return found
    }

    /// A technician's assessment marks (for their record and the evaluations).
    public func assessmentMarks(of staffID: UUID, by caller: Caller) async throws -> [AssessmentMark] {
        try caller.require(.handleProblemCases)
        return try await database.read { try await ProblemCaseRecords.marks(of: staffID, on: $0) }
    }

    /// The marks on a person's assessment record, newest first (R4.7): the
    /// technician's own, or those of a technician of a store whose staff
    /// the caller may assess. Anyone else is told there is no such person.
    public func assessmentMarks(ofUsername username: String, by caller: Caller) async throws -> [AssessmentMark] {
        try caller.require(.readAssessmentMarks)
        let normalized = StaffMember.normalizedUsername(username) ?? ""
        return try await database.read { db in
            guard let member = try await StaffRecords.find(username: normalized, on: db)?.0 else {
                throw Self.noSuchPerson(username)
            }
            let isSelf = caller.staffID == member.id
            let visible = caller.visibleStores(for: .readAssessmentMarks)
            let covered = member.grants.contains { grant in
                switch (grant.scope, visible) {
                case (_, nil): true
                case (.allStores, _): false
                case (.stores(let codes), let stores?): !codes.isDisjoint(with: stores)
                }
            }
            guard isSelf || covered else { throw Self.noSuchPerson(username) }
            return try await ProblemCaseRecords.marks(of: member.id, on: db).sorted { $0.at > $1.at }
        }
    }

    static func noSuchPerson(_ username: String) -> AppError {
        AppError.notFound(
            LocalizedText(zhHans: "找不到员工 \(username.prefix(40))", en: "No staff member \(username.prefix(40))"))
    }

    /// Problem cases as `changeDocument` finds and saves them: only an open one changes.
    static let cases = OrderDocumentKind(
        table: ProblemCaseRecords.documents,
        save: { try await ProblemCaseRecords.update($0, expectedVersion: $1, on: $2) },
        right: .handleProblemCases, record: .problemCase, notFound: caseNotFound,
        notOpen: AppError.conflict(
            code: "problem.resolved",
            message: LocalizedText(zhHans: "该问题已解决", en: "This problem case is already resolved")),
        isOpen: { $0.status == .open })

    static let caseNotFound = AppError.notFound(
        LocalizedText(zhHans: "找不到该问题记录", en: "No such problem case was found"))
}

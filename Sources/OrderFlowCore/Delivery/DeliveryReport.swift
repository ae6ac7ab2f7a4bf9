import Foundation

/// How the finished work was handed over (交付方式, R5.5).
public enum DeliveryMethod: String, Hashable, Codable, Sendable, CaseIterable {
    /// At the customer's address, with the technician.
    case onSite
    /// Collected by the customer at the store.
    case inStore
    /// Handed over at a distance: the customer accepted through their link.
    case remote

    public var label: LocalizedText {
        switch self {
        case .onSite: LocalizedText(zhHans: "上门现场交付", en: "On site")
        case .inStore: LocalizedText(zhHans: "到店交付", en: "At the store")
        case .remote: LocalizedText(zhHans: "线上交付", en: "Remotely")
        }
    }
}

/// The self-check of one catalog item of the order (R5.1).
public struct ItemSelfCheck: Hashable, Codable, Sendable {
    public var itemCode: String
    public var check: SelfCheck

    public init(itemCode: String, check: SelfCheck) {
        self.itemCode = itemCode
        self.check = check
    }
}

/// What the technician submits (R5.2): the work, its results, the
/// materials, the self-check of every item, photos and documents, and what
/// the customer said.
public struct DeliveryReportDraft: Hashable, Codable, Sendable {
    public var workDone: String
    public var results: String
    public var materials: [MaterialUsed]
    public var customerFeedback: String
    public var selfChecks: [ItemSelfCheck]
    public var attachmentIDs: [UUID]
    public var method: DeliveryMethod

    public init(
        workDone: String, results: String, materials: [MaterialUsed] = [], customerFeedback: String = "",
        selfChecks: [ItemSelfCheck] = [], attachmentIDs: [UUID] = [], method: DeliveryMethod = .onSite
    ) {
        self.workDone = workDone
        self.results = results
        self.materials = materials
        self.customerFeedback = customerFeedback
        self.selfChecks = selfChecks
        self.attachmentIDs = attachmentIDs
        self.method = method
    }

    public static let maximumAttachments = 20

    /// Field problems, and the self-check blockers of every item that has
    /// acceptance criteria (R5.1): an unchecked or failed, unjustified
    /// indicator stops the report.
    public func problems(against standards: [String: AcceptanceStandard]) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func text(_ value: String, _ field: String, max: Int, required: Bool) {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if required && trimmed.isEmpty {
                problems.append(
                    FieldProblem(
                        field: field, code: "report.required",
                        message: LocalizedText(zhHans: "此项必填", en: "This is required")))
            } else if trimmed.count > max {
                problems.append(
                    FieldProblem(
                        field: field, code: "report.tooLong",
                        message: LocalizedText(zhHans: "不超过 \(max) 字", en: "At most \(max) characters")))
            }
        }
        text(workDone, "workDone", max: 4000, required: true)
        text(results, "results", max: 4000, required: true)
        text(customerFeedback, "customerFeedback", max: 2000, required: false)
        for (index, material) in materials.enumerated()
        where material.name.trimmingCharacters(in: .whitespaces).isEmpty || material.quantityMilli <= 0 {
            problems.append(
                FieldProblem(
                    field: "materials[\(index)]", code: "report.material",
                    message: LocalizedText(zhHans: "材料须有名称和正数数量", en: "A material needs a name and a positive quantity")
                ))
        }
        if attachmentIDs.count > Self.maximumAttachments || Set(attachmentIDs).count != attachmentIDs.count {
            problems.append(
                FieldProblem(
                    field: "attachmentIds", code: "report.attachments",
                    message: LocalizedText(
                        zhHans: "附件不超过 \(Self.maximumAttachments) 个且不可重复",
                        en: "At most \(Self.maximumAttachments) attachments, each once")))
        }
        for (itemCode, standard) in standards.sorted(by: { $0.key < $1.key }) {
            let check = selfChecks.first { $0.itemCode == itemCode }?.check ?? SelfCheck(results: [])
            problems += check.blockers(against: standard).map { blocker in
                var named = blocker
                named.field = "selfChecks.\(itemCode).\(blocker.field.dropFirst("selfCheck.".count))"
                return named
            }
        }
        return problems
    }
}

/// A delivery report as submitted (服务交付报告, R5.2), with the customer's
/// answer once given. Round 1 is the first report; each rework adds one.
public struct DeliveryReport: Hashable, Codable, Sendable, Identifiable {
    public enum Status: String, Hashable, Codable, Sendable, CaseIterable {
        case awaiting
        case accepted
        case rejected

        public var label: LocalizedText {
            switch self {
            case .awaiting: LocalizedText(zhHans: "待验收", en: "Awaiting acceptance")
            case .accepted: LocalizedText(zhHans: "验收通过", en: "Accepted")
            case .rejected: LocalizedText(zhHans: "验收不通过", en: "Rejected")
            }
        }
    }

    public var id: UUID
    public var orderID: UUID
    public var orderNumber: String
    public var storeCode: String
    public var round: Int
    /// Who did the work reported, for counting rework per technician (R5.4).
    public var technicianIDs: [UUID]
    public var draft: DeliveryReportDraft
    public var submittedBy: String
    public var submittedAt: Date
    /// The end of the acceptance period (R5.3).
    public var acceptanceDueAt: Date
    public var status: Status
    public var acceptance: Acceptance?
    /// When the period ran out without an answer, and what the store's setting did.
    public var lapsedAt: Date?
    public var lapseAction: AcceptanceLapse?

    public init(
        id: UUID, orderID: UUID, orderNumber: String, storeCode: String, round: Int, technicianIDs: [UUID],
        draft: DeliveryReportDraft, submittedBy: String, submittedAt: Date, acceptanceDueAt: Date
    ) {
        self.id = id
        self.orderID = orderID
        self.orderNumber = orderNumber
        self.storeCode = storeCode
        self.round = round
        self.technicianIDs = technicianIDs
        self.draft = draft
        self.submittedBy = submittedBy
        self.submittedAt = submittedAt
        self.acceptanceDueAt = acceptanceDueAt
        self.status = .awaiting
    }

    /// The acceptance period of an order: the longest of its items' (a
    /// customer has at least the period every item promises); three days
    /// for items without criteria.
    public static func periodHours(of standards: [AcceptanceStandard]) -> Int {
        standards.map(\.periodHours).max() ?? 72
    }

    /// The customer's answer, or why it cannot be taken (R5.3): a report
    /// already answered, an answer after the period (unless staff record it
    /// after the store escalated the lapse), or a request with problems.
    public func decide(_ request: AcceptanceRequest, recordedBy: String, at now: Date, signatureID: UUID?)
        throws(AcceptanceRefusal) -> Acceptance
    {
        guard status == .awaiting else { throw .alreadyDecided(status) }
        // Staff write down an answer given by phone only once the store has
        // escalated a lapsed period; before, the customer signs or uses the link.
        let afterEscalation = lapsedAt != nil && lapseAction == .escalate
        if request.via == .staffOnBehalf && !afterEscalation { throw .notEscalated }
        guard now <= acceptanceDueAt || (request.via == .staffOnBehalf && afterEscalation) else {
            throw .periodOver(acceptanceDueAt)
        }
        let problems = request.problems(hasSignature: signatureID != nil)
        guard problems.isEmpty else { throw .invalid(problems) }
        return Acceptance(
            decision: request.decision, via: request.via,
            signerName: request.signerName?.trimmingCharacters(in: .whitespaces),
            signatureID: signatureID, reasons: request.reasons.trimmingCharacters(in: .whitespacesAndNewlines),
            photoIDs: request.photoIDs, recordedBy: recordedBy, at: now)
    }
}

import Foundation

/// A problem with an order that must be handled, not just noted (R4.7).
public enum ProblemKind: String, Hashable, Codable, Sendable, CaseIterable {
    case lateArrival
    case poorQuality
    case complaint
    case other

    public var label: LocalizedText {
        switch self {
        case .lateArrival: LocalizedText(zhHans: "上门迟到", en: "Late arrival")
        case .poorQuality: LocalizedText(zhHans: "服务质量不达标", en: "Poor quality")
        case .complaint: LocalizedText(zhHans: "客户投诉", en: "Complaint")
        case .other: LocalizedText(zhHans: "其他", en: "Other")
        }
    }
}

/// Who is responsible (R4.7): a technician is set right and marked on
/// their assessment record; another department or an outside party is
/// coordinated with.
public enum Responsibility: String, Hashable, Codable, Sendable, CaseIterable {
    case undetermined
    case technician
    case department
    case external

    public var label: LocalizedText {
        switch self {
        case .undetermined: LocalizedText(zhHans: "待定", en: "Not yet determined")
        case .technician: LocalizedText(zhHans: "服务人员", en: "Technician")
        case .department: LocalizedText(zhHans: "其他部门", en: "Another department")
        case .external: LocalizedText(zhHans: "外部原因", en: "External")
        }
    }
}

/// One corrective action of a case, with who does it and by when.
public struct CorrectiveAction: Hashable, Codable, Sendable {
    public var description: String
    public var owner: String
    public var dueAt: Date?
    public var doneAt: Date?

    public init(description: String, owner: String, dueAt: Date?, doneAt: Date? = nil) {
        self.description = description
        self.owner = owner
        self.dueAt = dueAt
        self.doneAt = doneAt
    }
}

/// A problem case (问题处理, R4.7, R4.8).
public struct ProblemCase: Hashable, OrderDocument {
    public enum Status: String, Hashable, Codable, Sendable, CaseIterable {
        case open
        case resolved
    }

    public var id: UUID
    public var orderID: UUID
    public var orderNumber: String
    public var storeCode: String
    public var kind: ProblemKind
    public var description: String
    public var responsibility: Responsibility
    /// The technician answerable, when responsibility is `technician`.
    public var responsibleStaffID: UUID?
    /// The department or outside party, otherwise.
    public var responsibleParty: String?
    /// What the customer is told (R4.8): the cause, the measures, and when it will be resolved.
    public var cause: String
    public var measures: String
    public var expectedResolutionAt: Date?
    public var actions: [CorrectiveAction]
    public var status: Status
    public var openedBy: String
    public var openedAt: Date
    public var resolvedAt: Date?
    public var resolution: String?
    public var version: Int

    public init(
        id: UUID, orderID: UUID, orderNumber: String, storeCode: String, kind: ProblemKind, description: String,
        responsibility: Responsibility = .undetermined, responsibleStaffID: UUID? = nil,
        responsibleParty: String? = nil, cause: String = "", measures: String = "", expectedResolutionAt: Date? = nil,
        actions: [CorrectiveAction] = [], status: Status = .open, openedBy: String, openedAt: Date,
        resolvedAt: Date? = nil, resolution: String? = nil, version: Int = 1
    ) {
        self.id = id
        self.orderID = orderID
        self.orderNumber = orderNumber
        self.storeCode = storeCode
        self.kind = kind
        self.description = description
        self.responsibility = responsibility
        self.responsibleStaffID = responsibleStaffID
        self.responsibleParty = responsibleParty
        self.cause = cause
        self.measures = measures
        self.expectedResolutionAt = expectedResolutionAt
        self.actions = actions
        self.status = status
        self.openedBy = openedBy
        self.openedAt = openedAt
        self.resolvedAt = resolvedAt
        self.resolution = resolution
        self.version = version
    }

    /// Whether the customer can be told where things stand (R4.8): a cause,
    /// the measures and an expected resolution time are all known.
    public var isReadyToTellCustomer: Bool {
        !cause.isEmpty && !measures.isEmpty && expectedResolutionAt != nil
    }

    /// Field problems of the case as it would be saved.
    public var problems: [FieldProblem] {
        var problems: [FieldProblem] = []
        func text(_ field: String, _ value: String, max: Int, required: Bool = false) {
            if required && value.isEmpty {
                problems.append(
                    FieldProblem(
                        field: field, code: "problem.required",
                        message: LocalizedText(zhHans: "此项必填", en: "This is required")))
            } else if value.count > max {
                problems.append(
                    FieldProblem(
                        field: field, code: "problem.tooLong",
                        message: LocalizedText(zhHans: "不超过 \(max) 字", en: "At most \(max) characters")))
            }
        }
        text("description", description, max: 2000, required: true)
        text("cause", cause, max: 1000)
        text("measures", measures, max: 2000)
        text("responsibleParty", responsibleParty ?? "", max: 200)
        if responsibility == .technician && responsibleStaffID == nil {
            problems.append(
                FieldProblem(
                    field: "responsibleStaffId", code: "problem.technicianRequired",
                    message: LocalizedText(
                        zhHans: "责任在服务人员时须指明是哪一位", en: "Name the technician who is responsible")))
        }
        if (responsibility == .department || responsibility == .external) && (responsibleParty ?? "").isEmpty {
            problems.append(
                FieldProblem(
                    field: "responsibleParty", code: "problem.partyRequired",
                    message: LocalizedText(zhHans: "请写明责任部门或外部方", en: "Name the department or outside party")))
        }
        for (index, action) in actions.enumerated() {
            text("actions[\(index)].description", action.description, max: 500, required: true)
            text("actions[\(index)].owner", action.owner, max: 100, required: true)
        }
        if actions.count > 20 {
            problems.append(
                FieldProblem(
                    field: "actions", code: "problem.tooManyActions",
                    message: LocalizedText(zhHans: "整改措施不超过 20 项", en: "At most 20 corrective actions")))
        }
        return problems
    }
}

/// A mark on a technician's assessment record (R4.7), from a case where
/// they were found responsible; the staff evaluations (KPIs) read these.
public struct AssessmentMark: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var staffID: UUID
    public var caseID: UUID
    public var orderNumber: String
    public var kind: ProblemKind
    /// Demerit points: how much the case weighs in the technician's evaluation.
    public var points: Int
    public var note: String
    public var at: Date

    public init(
        id: UUID, staffID: UUID, caseID: UUID, orderNumber: String, kind: ProblemKind, points: Int, note: String,
        at: Date
    ) {
        self.id = id
        self.staffID = staffID
        self.caseID = caseID
        self.orderNumber = orderNumber
        self.kind = kind
        self.points = points
        self.note = note
        self.at = at
    }

    /// The company's weights: a complaint or poor work weighs more than lateness.
    public static func points(for kind: ProblemKind) -> Int {
        switch kind {
        case .lateArrival: 1
        case .poorQuality: 3
        case .complaint: 2
        case .other: 1
        }
    }
}

/// The cause an alert's handler states for a delay (R4.6), for the analysis.
public enum DelayCause: String, Hashable, Codable, Sendable, CaseIterable {
    case customerUnavailable
    case partsMissing
    case technicianLate
    case understaffed
    case trafficOrWeather
    case systemOrProcess
    case other

    public var label: LocalizedText {
        switch self {
        case .customerUnavailable: LocalizedText(zhHans: "客户不便/联系不上", en: "Customer unavailable")
        case .partsMissing: LocalizedText(zhHans: "缺少配件/材料", en: "Parts missing")
        case .technicianLate: LocalizedText(zhHans: "服务人员延误", en: "Technician late")
        case .understaffed: LocalizedText(zhHans: "人手不足", en: "Understaffed")
        case .trafficOrWeather: LocalizedText(zhHans: "交通/天气", en: "Traffic or weather")
        case .systemOrProcess: LocalizedText(zhHans: "系统/流程问题", en: "System or process")
        case .other: LocalizedText(zhHans: "其他", en: "Other")
        }
    }
}

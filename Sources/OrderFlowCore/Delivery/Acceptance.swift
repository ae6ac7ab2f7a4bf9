import Foundation

public enum AcceptanceDecision: String, Hashable, Codable, Sendable, CaseIterable {
    case accepted
    case rejected
}

/// Where the customer's answer came from (R5.3).
public enum AcceptanceVia: String, Hashable, Codable, Sendable, CaseIterable {
    /// Signed on the technician's device.
    case technicianDevice
    /// Through the customer's own tracking link.
    case customerLink
    /// Given by phone and written down by staff after the store escalated a lapsed period.
    case staffOnBehalf
    /// No answer within the period; the store's setting accepted it.
    case lapsed

    public var label: LocalizedText {
        switch self {
        case .technicianDevice: LocalizedText(zhHans: "服务人员设备上签字", en: "Signed on the technician's device")
        case .customerLink: LocalizedText(zhHans: "客户通过链接确认", en: "Through the customer's link")
        case .staffOnBehalf: LocalizedText(zhHans: "员工代为记录", en: "Recorded by staff")
        case .lapsed: LocalizedText(zhHans: "验收期满自动通过", en: "Accepted when the period lapsed")
        }
    }
}

/// What the customer answers: accept (signed on the device) or reject
/// with reasons, and photos of what is wrong.
public struct AcceptanceRequest: Hashable, Codable, Sendable {
    public var decision: AcceptanceDecision
    public var via: AcceptanceVia
    public var signerName: String?
    public var reasons: String
    public var photoIDs: [UUID]

    public init(
        decision: AcceptanceDecision, via: AcceptanceVia, signerName: String? = nil, reasons: String = "",
        photoIDs: [UUID] = []
    ) {
        self.decision = decision
        self.via = via
        self.signerName = signerName
        self.reasons = reasons
        self.photoIDs = photoIDs
    }

    /// A signature and the signer's name on the technician's device; reasons
    /// for a rejection; at most 10 photos.
    public func problems(hasSignature: Bool) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let name = signerName?.trimmingCharacters(in: .whitespaces) ?? ""
        if via == .technicianDevice {
            if !hasSignature {
                problems.append(
                    FieldProblem(
                        field: "signature", code: "acceptance.signatureMissing",
                        message: LocalizedText(zhHans: "请客户在屏幕上签名", en: "The customer must sign on the screen")))
            }
            if name.isEmpty {
                problems.append(
                    FieldProblem(
                        field: "signerName", code: "acceptance.signerName",
                        message: LocalizedText(zhHans: "请填写签字人姓名", en: "Give the name of the person signing")))
            }
        }
        if name.count > 60 {
            problems.append(
                FieldProblem(
                    field: "signerName", code: "acceptance.signerNameTooLong",
                    message: LocalizedText(zhHans: "姓名不超过 60 字", en: "At most 60 characters")))
        }
        let reasons = reasons.trimmingCharacters(in: .whitespacesAndNewlines)
        if decision == .rejected && reasons.isEmpty {
            problems.append(
                FieldProblem(
                    field: "reasons", code: "acceptance.reasonsMissing",
                    message: LocalizedText(zhHans: "请说明不通过的原因", en: "Say what is not right")))
        }
        if reasons.count > 2000 {
            problems.append(
                FieldProblem(
                    field: "reasons", code: "acceptance.reasonsTooLong",
                    message: LocalizedText(zhHans: "不超过 2000 字", en: "At most 2000 characters")))
        }
        if photoIDs.count > 10 || Set(photoIDs).count != photoIDs.count {
            problems.append(
                FieldProblem(
                    field: "photoIds", code: "acceptance.photos",
                    message: LocalizedText(zhHans: "照片不超过 10 张且不可重复", en: "At most 10 photos, each once")))
        }
        return problems
    }
}

/// The customer's answer to a delivery report, as kept with the order (验收确认, R5.3).
public struct Acceptance: Hashable, Codable, Sendable {
    public var decision: AcceptanceDecision
    public var via: AcceptanceVia
    public var signerName: String?
    public var signatureID: UUID?
    public var reasons: String
    public var photoIDs: [UUID]
    public var recordedBy: String
    public var at: Date

    public init(
        decision: AcceptanceDecision, via: AcceptanceVia, signerName: String?, signatureID: UUID?, reasons: String,
        photoIDs: [UUID], recordedBy: String, at: Date
    ) {
        self.decision = decision
        self.via = via
        self.signerName = signerName
        self.signatureID = signatureID
        self.reasons = reasons
        self.photoIDs = photoIDs
        self.recordedBy = recordedBy
        self.at = at
    }
}

/// Why an answer is not taken.
public enum AcceptanceRefusal: Error, Hashable, Sendable {
    case alreadyDecided(DeliveryReport.Status)
    case periodOver(Date)
    /// An answer by phone before the store escalated a lapse.
    case notEscalated
    case invalid([FieldProblem])
}

/// What happens when the acceptance period runs out with no answer (R5.3),
/// a store's setting.
public enum AcceptanceLapse: String, Hashable, Codable, Sendable, CaseIterable {
    /// Taken as accepted; the order is delivered.
    case accept
    /// The store manager gets a follow-up to reach the customer.
    case escalate

    public var label: LocalizedText {
        switch self {
        case .accept: LocalizedText(zhHans: "视为验收通过", en: "Treat as accepted")
        case .escalate: LocalizedText(zhHans: "升级给门店经理跟进", en: "Escalate to the store manager")
        }
    }
}

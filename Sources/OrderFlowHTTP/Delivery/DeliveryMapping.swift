import Foundation
import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore

extension Components.Schemas.Delivery {
    init(_ view: DeliveryView) {
        let accepted = view.accepted
        self.init(
            orderNumber: view.order.number, status: view.order.status.rawValue,
            reports: view.reports.map(Components.Schemas.DeliveryReport.init),
            attachments: view.attachments.map(Components.Schemas.Attachment.init),
            standards: view.standards.map(Components.Schemas.ServiceItem.init),
            lapseAction: .init(rawValue: view.lapseAction.rawValue) ?? .escalate, reworkCount: view.reworkCount,
            deliveredAt: accepted?.acceptance?.at,
            method: accepted.flatMap { .init(rawValue: $0.draft.method.rawValue) })
    }
}

extension Components.Schemas.DeliveryReport {
    init(_ report: OrderFlowCore.DeliveryReport) {
        self.init(
            id: report.id.uuidString.lowercased(), orderNumber: report.orderNumber, round: report.round,
            technicianIds: report.technicianIDs.map { $0.uuidString.lowercased() }, workDone: report.draft.workDone,
            results: report.draft.results,
            materials: report.draft.materials.map {
                .init(name: $0.name, quantity: $0.quantityText, unit: $0.unit)
            }, customerFeedback: report.draft.customerFeedback,
            selfChecks: report.draft.selfChecks.map(Components.Schemas.ItemSelfCheck.init),
            attachmentIds: report.draft.attachmentIDs.map { $0.uuidString.lowercased() },
            method: .init(rawValue: report.draft.method.rawValue) ?? .onSite, submittedBy: report.submittedBy,
            submittedAt: report.submittedAt, acceptanceDueAt: report.acceptanceDueAt,
            status: .init(rawValue: report.status.rawValue) ?? .awaiting,
            acceptance: report.acceptance.map(Components.Schemas.Acceptance.init), lapsedAt: report.lapsedAt,
            lapseAction: report.lapseAction.flatMap { .init(rawValue: $0.rawValue) })
    }
}

extension Components.Schemas.ItemSelfCheck {
    init(_ check: OrderFlowCore.ItemSelfCheck) {
        self.init(
            itemCode: check.itemCode,
            results: check.check.results.map {
                .init(code: $0.code, passed: $0.passed, justification: $0.justification)
            })
    }
}

extension Components.Schemas.Acceptance {
    init(_ acceptance: OrderFlowCore.Acceptance) {
        self.init(
            decision: .init(rawValue: acceptance.decision.rawValue) ?? .accepted,
            via: .init(rawValue: acceptance.via.rawValue) ?? .technicianDevice, signerName: acceptance.signerName,
            signatureId: acceptance.signatureID?.uuidString.lowercased(), reasons: acceptance.reasons,
            photoIds: acceptance.photoIDs.map { $0.uuidString.lowercased() }, recordedBy: acceptance.recordedBy,
            at: acceptance.at)
    }
}

extension Components.Schemas.Attachment {
    init(_ attachment: OrderFlowCore.Attachment) {
        self.init(
            id: attachment.id.uuidString.lowercased(), kind: .init(rawValue: attachment.kind.rawValue) ?? .photo,
            contentType: attachment.type.rawValue, sizeBytes: attachment.sizeBytes, sha256: attachment.sha256,
            fileName: attachment.fileName, uploadedBy: attachment.uploadedBy, uploadedAt: attachment.uploadedAt)
    }
}

extension Components.Schemas.DeliveryReportInput {
    /// The draft, or the fields that cannot be read (ids, quantities).
    var draft: DeliveryReportDraft {
        get throws {
            var problems: [FieldProblem] = []
            let materials: [MaterialUsed] = (materials ?? []).enumerated().compactMap { index, material in
                guard let milli = MaterialUsed.quantityMilli(from: material.quantity) else {
                    problems.append(
                        FieldProblem(
                            field: "materials[\(index)].quantity", code: "report.quantity",
                            message: LocalizedText(zhHans: "数量须为最多三位小数的正数", en: "A number with at most 3 decimals")))
                    return nil
                }
                return MaterialUsed(name: material.name, quantityMilli: milli, unit: material.unit)
            }
            let ids: [UUID] = (attachmentIds ?? []).enumerated().compactMap { index, text in
                guard let id = UUID(uuidString: text) else {
                    problems.append(
                        FieldProblem(
                            field: "attachmentIds[\(index)]", code: "report.unknownAttachment",
                            message: LocalizedText(zhHans: "附件编号无效", en: "Not an attachment id")))
                    return nil
                }
                return id
            }
            guard problems.isEmpty else { throw AppError.invalid(problems) }
            return DeliveryReportDraft(
                workDone: workDone, results: results, materials: materials, customerFeedback: customerFeedback ?? "",
                selfChecks: (selfChecks ?? []).map { check in
                    ItemSelfCheck(
                        itemCode: check.itemCode,
                        check: SelfCheck(
                            results: check.results.map {
                                .init(code: $0.code, passed: $0.passed, justification: $0.justification)
                            }))
                }, attachmentIDs: ids, method: method.flatMap { DeliveryMethod(rawValue: $0.rawValue) } ?? .onSite)
        }
    }
}

extension Components.Schemas.AcceptanceInput {
    /// The request and the signature's bytes (base64, or a data: URL as a canvas gives it).
    func request(via: AcceptanceVia) throws -> (AcceptanceRequest, Data?) {
        var problems: [FieldProblem] = []
        var signatureData: Data?
        if let text = signature?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            let base64 = text.hasPrefix("data:") ? String(text.drop { $0 != "," }.dropFirst()) : text
            signatureData = Data(base64Encoded: base64)
            if signatureData == nil {
                problems.append(
                    FieldProblem(
                        field: "signature", code: "attachment.type",
                        message: LocalizedText(zhHans: "签名须为 PNG 图片", en: "The signature must be a PNG image")))
            }
        }
        let photos: [UUID] = (photoIds ?? []).enumerated().compactMap { index, text in
            guard let id = UUID(uuidString: text) else {
                problems.append(
                    FieldProblem(
                        field: "photoIds[\(index)]", code: "acceptance.unknownPhoto",
                        message: LocalizedText(zhHans: "照片编号无效", en: "Not a photo id")))
                return nil
            }
            return id
        }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        return (
            AcceptanceRequest(
                decision: AcceptanceDecision(rawValue: decision.rawValue) ?? .rejected, via: via,
                signerName: signerName,
                reasons: reasons ?? "", photoIDs: photos), signatureData
        )
    }
}

extension Components.Schemas.AcceptanceStandard {
    init(_ standard: OrderFlowCore.AcceptanceStandard) {
        self.init(
            indicators: standard.indicators.map {
                .init(
                    code: $0.code, name: .init(zhHans: $0.name.zhHans, en: $0.name.en),
                    passWhen: .init(zhHans: $0.passWhen.zhHans, en: $0.passWhen.en))
            }, method: .init(zhHans: standard.method.zhHans, en: standard.method.en), periodHours: standard.periodHours)
    }

    var standard: OrderFlowCore.AcceptanceStandard {
        OrderFlowCore.AcceptanceStandard(
            indicators: indicators.map {
                AcceptanceIndicator(
                    code: $0.code, name: LocalizedText(zhHans: $0.name.zhHans, en: $0.name.en),
                    passWhen: LocalizedText(zhHans: $0.passWhen.zhHans, en: $0.passWhen.en))
            }, method: LocalizedText(zhHans: method.zhHans, en: method.en), periodHours: periodHours)
    }
}

extension Components.Schemas.WarrantyPolicy {
    init(_ policy: OrderFlowCore.WarrantyPolicy) {
        self.init(
            periodDays: policy.periodDays, scope: policy.scope.sorted(), exclusions: policy.exclusions.sorted(),
            costBearer: .init(rawValue: policy.costBearer.rawValue) ?? .company)
    }

    var policy: OrderFlowCore.WarrantyPolicy {
        OrderFlowCore.WarrantyPolicy(
            periodDays: periodDays, scope: Set(scope.map { $0.trimmingCharacters(in: .whitespaces) }),
            exclusions: Set(exclusions.map { $0.trimmingCharacters(in: .whitespaces) }),
            costBearer: WarrantyCostBearer(rawValue: costBearer.rawValue) ?? .company)
    }
}

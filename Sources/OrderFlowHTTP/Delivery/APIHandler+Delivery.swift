import Foundation
import OpenAPIRuntime
import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore

extension APIHandler {
    func getDelivery(_ input: Operations.GetDelivery.Input) async throws -> Operations.GetDelivery.Output {
        let view = try await delivery.delivery(input.path.orderRef, by: try caller)
        return .ok(.init(body: .json(.init(view))))
    }

    func uploadJobAttachment(_ input: Operations.UploadJobAttachment.Input) async throws
        -> Operations.UploadJobAttachment.Output
    {
        let (data, type) = try await Self.file(input.body)
        let stored = try await delivery.upload(
            data, kind: input.query.kind.flatMap { AttachmentKind(rawValue: $0.rawValue) } ?? .photo,
            declaredType: type, fileName: input.query.fileName, to: input.path.orderRef, by: try caller)
        return .created(.init(body: .json(.init(stored))))
    }

    func uploadOrderAttachment(_ input: Operations.UploadOrderAttachment.Input) async throws
        -> Operations.UploadOrderAttachment.Output
    {
        let (data, type) = try await Self.file(input.body)
        let stored = try await delivery.upload(
            data, kind: input.query.kind.flatMap { AttachmentKind(rawValue: $0.rawValue) } ?? .photo,
            declaredType: type, fileName: input.query.fileName, to: input.path.orderRef, by: try caller)
        return .created(.init(body: .json(.init(stored))))
    }

    func getAttachment(_ input: Operations.GetAttachment.Input) async throws -> Operations.GetAttachment.Output {
        guard let id = UUID(uuidString: input.path.attachmentId) else {
            throw QueryProblem.invalid(
                "attachmentId", LocalizedText(zhHans: "附件编号无效", en: "Not an attachment id"))
        }
        let (attachment, data) = try await delivery.attachment(id, by: try caller)
        let body = HTTPBody(data)
        return switch attachment.type {
        case .jpeg: .ok(.init(body: .jpeg(body)))
        case .png: .ok(.init(body: .png(body)))
        case .webp: .ok(.init(body: .imageWebp(body)))
        case .pdf: .ok(.init(body: .pdf(body)))
        }
    }

    func submitDeliveryReport(_ input: Operations.SubmitDeliveryReport.Input) async throws
        -> Operations.SubmitDeliveryReport.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let report = try await delivery.submitReport(
            try body.draft, on: input.path.orderRef, ifMatch: ETag.version(fromIfMatch: input.headers.ifMatch),
            by: try caller)
        return .created(.init(body: .json(.init(report))))
    }

    func recordAcceptanceOnDevice(_ input: Operations.RecordAcceptanceOnDevice.Input) async throws
        -> Operations.RecordAcceptanceOnDevice.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let (request, signature) = try body.request(via: .technicianDevice)
        let report = try await delivery.decide(request, signature: signature, on: input.path.orderRef, by: try caller)
        return .ok(.init(body: .json(.init(report))))
    }

    func recordAcceptance(_ input: Operations.RecordAcceptance.Input) async throws
        -> Operations.RecordAcceptance.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let via: AcceptanceVia = body.via == .staffOnBehalf ? .staffOnBehalf : .technicianDevice
        let (request, signature) = try body.request(via: via)
        let report = try await delivery.decide(request, signature: signature, on: input.path.orderRef, by: try caller)
        return .ok(.init(body: .json(.init(report))))
    }

    func assignRework(_ input: Operations.AssignRework.Input) async throws -> Operations.AssignRework.Output {
        let body =
            switch input.body {
            case .json(let json): json
            }
        var ids: [UUID] = []
        for (index, text) in body.technicianIds.enumerated() {
            guard let id = UUID(uuidString: text) else {
                throw AppError.invalid([
                    FieldProblem(
                        field: "technicianIds[\(index)]", code: "rework.technicians",
                        message: LocalizedText(zhHans: "服务人员编号无效", en: "Not a technician id"))
                ])
            }
            ids.append(id)
        }
        try await delivery.assignRework(ids, on: input.path.orderRef, by: try caller)
        return .noContent(.init())
    }

    func getDeliverySettings(_ input: Operations.GetDeliverySettings.Input) async throws
        -> Operations.GetDeliverySettings.Output
    {
        let action = try await delivery.lapseAction(storeCode: input.path.storeCode, by: try caller)
        return .ok(.init(body: .json(.init(lapseAction: .init(rawValue: action.rawValue) ?? .escalate))))
    }

    func updateDeliverySettings(_ input: Operations.UpdateDeliverySettings.Input) async throws
        -> Operations.UpdateDeliverySettings.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let action = AcceptanceLapse(rawValue: body.lapseAction.rawValue) ?? .escalate
        try await delivery.setLapseAction(action, storeCode: input.path.storeCode, by: try caller)
        return .ok(.init(body: .json(body)))
    }

    func updateAcceptanceStandard(_ input: Operations.UpdateAcceptanceStandard.Input) async throws
        -> Operations.UpdateAcceptanceStandard.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let item = try await referenceData.updateAcceptance(code: input.path.itemCode, body.standard, by: try caller)
        return .ok(.init(body: .json(.init(item))))
    }

    func updateWarrantyPolicy(_ input: Operations.UpdateWarrantyPolicy.Input) async throws
        -> Operations.UpdateWarrantyPolicy.Output
    {
        let body =
            switch input.body {
            case .json(let json): json
            }
        let item = try await referenceData.updateWarranty(code: input.path.itemCode, body.policy, by: try caller)
        return .ok(.init(body: .json(.init(item))))
    }

    /// The uploaded bytes and the type the sender declared. The guard has
    /// already bounded the body; the kind's own limit is checked in App.
    static func file(_ body: Components.RequestBodies.File) async throws -> (Data, String) {
        let (stream, type): (HTTPBody, String) =
            switch body {
            case .jpeg(let bytes): (bytes, "image/jpeg")
            case .png(let bytes): (bytes, "image/png")
            case .imageWebp(let bytes): (bytes, "image/webp")
            case .pdf(let bytes): (bytes, "application/pdf")
            case .binary(let bytes): (bytes, "application/octet-stream")
            }
        return (try await Data(collecting: stream, upTo: 32 * 1024 * 1024), type)
    }
}

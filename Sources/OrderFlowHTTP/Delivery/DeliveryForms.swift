import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OrderFlowApp
import OrderFlowCore

/// Reading the delivery forms of the console and the tracking page into
/// the use cases' types, and the JSON answers of the upload routes.
enum DeliveryForms {
    /// Rows of materials on the report form, as on the service record form.
    static let materialRows = 3
    /// A signature drawn on a phone is a few dozen kilobytes as a data URL;
    /// the signature kind's own limit is checked in App.
    static let acceptanceFormBytes = 1024 * 1024
    /// Room for the largest file a kind takes, so that a file a little too
    /// large gets the field's message rather than a bare 413.
    static let uploadBytes = AttachmentKind.photo.maximumBytes + 1024 * 1024

    /// A form body larger than the console's usual limit (the signature).
    static func read(_ request: Request, upTo limit: Int) async -> [String: [String]]? {
        guard let buffer = try? await request.body.collect(upTo: limit) else { return nil }
        return FormBody.parseAll(buffer)
    }

    /// The technician's report as typed: the self-check of every item with
    /// criteria (an indicator left unanswered stays out, so Core names it).
    static func draft(_ form: [String: [String]], standards: [ServiceItem]) -> DeliveryReportDraft {
        func value(_ name: String) -> String { form[name]?.first ?? "" }
        let checks = standards.map { item in
            ItemSelfCheck(
                itemCode: item.code,
                check: SelfCheck(
                    results: (item.acceptance?.indicators ?? []).compactMap { indicator in
                        let choice = value(DeliveryJobSection.checkField(item: item.code, indicator: indicator.code))
                        guard choice == "passed" || choice == "failed" else { return nil }
                        let why = value(DeliveryJobSection.whyField(item: item.code, indicator: indicator.code))
                        return SelfCheck.Result(code: indicator.code, passed: choice == "passed", justification: why)
                    }))
        }
        let materials = (0..<materialRows).compactMap { index -> MaterialUsed? in
            let name = value("material\(index)").trimmedOrNil
            let quantity = value("quantity\(index)").trimmedOrNil
            guard name != nil || quantity != nil else { return nil }
            return MaterialUsed(
                name: name ?? "", quantityMilli: quantity.flatMap(MaterialUsed.quantityMilli(from:)) ?? 0,
                unit: value("unit\(index)"))
        }
        return DeliveryReportDraft(
            workDone: value("workDone"), results: value("results"), materials: materials,
            customerFeedback: value("customerFeedback"), selfChecks: checks,
            attachmentIDs: (form["attachment"] ?? []).compactMap(UUID.init(uuidString:)),
            method: DeliveryMethod(rawValue: value("method")) ?? .onSite)
    }

    /// The PNG behind a canvas's data URL, or the field's problem.
    static func signature(_ text: String, messages: ConsoleMessages) throws -> Data? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        let base64 = trimmed.hasPrefix("data:") ? String(trimmed.drop { $0 != "," }.dropFirst()) : trimmed
        guard let data = Data(base64Encoded: base64) else {
            throw AppError.invalid([
                FieldProblem(
                    field: "signature", code: "attachment.type", message: messages.localized("delivery_signatureNotPNG")
                )
            ])
        }
        return data
    }

    /// App checks a file under the field `file`; on these forms it is the signature.
    static func renamingFile(_ problems: [FieldProblem], to field: String) -> [FieldProblem] {
        problems.map { problem in
            var renamed = problem
            if renamed.field == "file" { renamed.field = field }
            return renamed
        }
    }

    /// The uploaded file's kind: as asked, else by its declared type.
    static func kind(_ asked: String?, declaredType: String?) -> AttachmentKind {
        if let asked = asked.flatMap(AttachmentKind.init(rawValue:)), asked != .signature { return asked }
        return declaredType?.hasPrefix("application/pdf") == true ? .document : .photo
    }

    /// `201` with the stored file, for the page's script to keep its id.
    static func created(_ attachment: Attachment) -> Response {
        json(
            .created,
            [
                "id": attachment.id.uuidString, "fileName": attachment.fileName, "kind": attachment.kind.rawValue,
                "contentType": attachment.type.rawValue,
            ])
    }

    /// A refused upload as `application/problem+json`, in the reader's language.
    static func problem(_ error: AppError, language: Language, t: [String: String]) -> Response {
        let invalid = t["delivery_uploadRefused"] ?? ""
        let (status, title, errors): (HTTPResponse.Status, String, [FieldProblem]) =
            switch error {
            case .invalid(let problems): (.unprocessableContent, invalid, problems)
            case .notFound(let text): (.notFound, text.text(in: language), [])
            case .forbidden(let text): (.forbidden, text.text(in: language), [])
            case .conflict(_, let text): (.conflict, text.text(in: language), [])
            case .unauthenticated(let text): (.unauthorized, text.text(in: language), [])
            case .tooManyAttempts: (.tooManyRequests, t["error_tooMany"] ?? "", [])
            case .versionMismatch, .idempotencyKeyReused: (.conflict, t["error_changed"] ?? "", [])
            }
        return problem(status, title: title, errors: errors, language: language)
    }

    static func problem(
        _ status: HTTPResponse.Status, title: String, errors: [FieldProblem] = [], language: Language
    ) -> Response {
        var body: [String: Any] = ["title": title, "status": status.code]
        if let id = RequestScope.requestID { body["requestId"] = id }
        if !errors.isEmpty {
            body["errors"] = errors.map {
                ["field": $0.field, "code": $0.code, "message": $0.message.text(in: language)]
            }
        }
        var response = json(status, body)
        response.headers[.contentType] = "application/problem+json; charset=utf-8"
        return response
    }

    static func json(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The bytes of a stored file, shown in the browser (not downloaded),
    /// with the type its bytes were recognised as.
    static func file(_ attachment: Attachment, _ data: Data) -> Response {
        // RFC 8187: only ASCII letters, digits and a few marks stay as they are.
        let kept = CharacterSet(
            charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~")
        let name = attachment.fileName.addingPercentEncoding(withAllowedCharacters: kept) ?? "attachment"
        return Response(
            status: .ok,
            headers: [
                .contentType: attachment.type.rawValue, .contentDisposition: "inline; filename*=UTF-8''\(name)",
                .cacheControl: "private, max-age=3600", .contentTypeOptions: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension ConsoleMessages {
    /// A message in both languages, for a field problem that Core's types carry.
    func localized(_ key: String) -> LocalizedText {
        LocalizedText(zhHans: text(key, .zhHans), en: text(key, .en))
    }
}

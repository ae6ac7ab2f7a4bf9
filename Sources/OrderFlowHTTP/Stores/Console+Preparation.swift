import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// A catalog item's preparation checklist, service standard and safety
/// notes (R3.5, R3.6), for administrators. The checklist is edited as text,
/// one entry per line: `code | kind | 中文名 | English name`.
extension StoresChapter {
    struct PreparationPage: Sendable {
        let problems: [String]
        let code: String
        let checklist: String
        let standardZh: String
        let standardEn: String
        let safetyZh: String
        let safetyEn: String
        let delivery: DeliveryChapter.ItemDeliveryForm
    }

    func preparationPage(
        _ code: String, _ visit: ConsoleVisit, typed: [String: String]? = nil, problems: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard visit.caller.mayAtAll(.manageReferenceData) else { throw AppError.notAllowed }
        guard let item = try await referenceData.catalog(by: visit.caller).first(where: { $0.code == code }) else {
            throw AppError.notFound(LocalizedText(zhHans: "找不到服务项目", en: "No such service item"))
        }
        let preparation = item.preparation
        let page = PreparationPage(
            problems: problems, code: item.code,
            checklist: typed?["checklist"] ?? Self.lines(of: preparation.checklist),
            standardZh: typed?["standardZh"] ?? preparation.serviceStandard.zhHans,
            standardEn: typed?["standardEn"] ?? preparation.serviceStandard.en,
            safetyZh: typed?["safetyZh"] ?? preparation.safetyNotes.zhHans,
            safetyEn: typed?["safetyEn"] ?? preparation.safetyNotes.en,
            delivery: DeliveryChapter.itemDeliveryForm(item, typed: typed, visit))
        return renderer.page(
            "preparation",
            visit.frame(
                title: "\(item.name.text(in: visit.language)) · \(visit.t["catalog_editPreparation"] ?? "")",
                current: "stores"), page, status: status)
    }

    func savePreparation(_ request: Request, code: String, _ visit: ConsoleVisit) async throws -> Response {
        guard let form = await ConsoleForm.read(request).map({ $0.mapValues { $0.first ?? "" } }),
            ConsoleGate.checkCSRF(form, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        do {
            let checklist = try Self.entries(from: form["checklist"] ?? "")
            _ = try await referenceData.updatePreparation(
                code: code,
                ServicePreparation(
                    checklist: checklist,
                    serviceStandard: LocalizedText(zhHans: form["standardZh"] ?? "", en: form["standardEn"] ?? ""),
                    safetyNotes: LocalizedText(zhHans: form["safetyZh"] ?? "", en: form["safetyEn"] ?? "")),
                by: visit.caller)
            return ConsoleRenderer.redirect("/console/stores?done=item")
        } catch AppError.invalid(let problems) {
            return try await preparationPage(
                code, visit, typed: form,
                problems: problems.map { "\($0.field): \($0.message.text(in: visit.language))" },
                status: .unprocessableContent)
        }
    }

    static func lines(of checklist: [ChecklistEntry]) -> String {
        checklist.map { "\($0.code) | \($0.kind.rawValue) | \($0.name.zhHans) | \($0.name.en)" }
            .joined(separator: "\n")
    }

    /// The entries of the text, or the lines that cannot be read.
    static func entries(from text: String) throws -> [ChecklistEntry] {
        var entries: [ChecklistEntry] = []
        var problems: [FieldProblem] = []
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard parts.count == 4, let kind = ChecklistKind(rawValue: parts[1]) else {
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                problems.append(
                    FieldProblem(
                        field: "checklist[\(index)]", code: "checklist.lineFormat",
                        message: LocalizedText(
                            zhHans: "每行格式：编码 | tool/equipment/material/document | 中文名 | English name",
                            en: "Each line: code | tool/equipment/material/document | 中文名 | English name")))
                continue
            }
            entries.append(
                ChecklistEntry(code: parts[0], kind: kind, name: LocalizedText(zhHans: parts[2], en: parts[3])))
        }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        return entries
    }
}

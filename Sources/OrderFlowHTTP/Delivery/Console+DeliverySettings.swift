import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// The store's acceptance-lapse setting (R5.3) on its settings page, and a
/// catalog item's acceptance criteria (R5.1) and warranty (R6.1) beside its
/// preparation checklist.
extension DeliveryChapter {
    struct LapseSetting: Sendable {
        let code: String
        let choices: [Choice]
    }

    /// Nil when the person may not change the store's setting.
    func lapseSetting(_ code: String, _ visit: ConsoleVisit) async -> LapseSetting? {
        guard visit.caller.may(.manageStore, storeCode: code),
            let action = try? await delivery.lapseAction(storeCode: code, by: visit.caller)
        else { return nil }
        return LapseSetting(
            code: code,
            choices: AcceptanceLapse.allCases.map {
                Choice(value: $0.rawValue, label: $0.label.text(in: visit.language), selected: $0 == action)
            })
    }

    func saveLapseAction(_ request: Request, code: String, _ visit: ConsoleVisit) async throws -> Response {
        guard let form = await ConsoleForm.read(request).map({ $0.mapValues { $0.first ?? "" } }),
            ConsoleGate.checkCSRF(form, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        guard let action = form["lapseAction"].flatMap(AcceptanceLapse.init(rawValue:)) else {
            return try await chapter(StoresChapter.self).storeHours(
                code, visit,
                problems: [
                    FieldProblem(
                        field: "lapseAction", code: "delivery.lapseAction",
                        message: renderer.messages.localized("delivery_lapseChoose"))
                ], status: .unprocessableContent)
        }
        try await delivery.setLapseAction(action, storeCode: code, by: visit.caller)
        return ConsoleRenderer.redirect("/console/stores/\(ConsoleForm.percentEncoded(code))?done=lapse")
    }

    /// The criteria and warranty forms, as stored or as typed before a refusal.
    struct ItemDeliveryForm: Sendable {
        let code: String
        let indicators: String
        let methodZh: String
        let methodEn: String
        let periodHours: String
        let warrantyDays: String
        let scope: String
        let exclusions: String
        let costBearers: [Choice]
    }

    static func itemDeliveryForm(_ item: ServiceItem, typed: [String: String]?, _ visit: ConsoleVisit)
        -> ItemDeliveryForm
    {
        let acceptance = item.acceptance
        let warranty = item.warranty
        let bearer =
            typed?["costBearer"].flatMap(WarrantyCostBearer.init(rawValue:)) ?? warranty?.costBearer ?? .company
        return ItemDeliveryForm(
            code: item.code,
            indicators: typed?["indicators"]
                ?? (acceptance?.indicators ?? []).map {
                    [$0.code, $0.name.zhHans, $0.name.en, $0.passWhen.zhHans, $0.passWhen.en].joined(separator: " | ")
                }.joined(separator: "\n"),
            methodZh: typed?["methodZh"] ?? acceptance?.method.zhHans ?? "",
            methodEn: typed?["methodEn"] ?? acceptance?.method.en ?? "",
            periodHours: typed?["periodHours"] ?? acceptance.map { String($0.periodHours) } ?? "72",
            warrantyDays: typed?["warrantyDays"] ?? warranty.map { String($0.periodDays) } ?? "",
            scope: typed?["scope"] ?? (warranty?.scope.sorted() ?? []).joined(separator: ", "),
            exclusions: typed?["exclusions"] ?? (warranty?.exclusions.sorted() ?? []).joined(separator: ", "),
            costBearers: WarrantyCostBearer.allCases.map {
                Choice(value: $0.rawValue, label: $0.label.text(in: visit.language), selected: $0 == bearer)
            })
    }

    /// Saves the criteria or the warranty; a refusal shows the preparation
    /// page again with what was typed and each problem named by its field.
    func saveItemDelivery(_ request: Request, code: String, part: String, _ visit: ConsoleVisit) async throws
        -> Response
    {
        guard let form = await ConsoleForm.read(request).map({ $0.mapValues { $0.first ?? "" } }),
            ConsoleGate.checkCSRF(form, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        do {
            if part == "warranty" {
                _ = try await referenceData.updateWarranty(code: code, try warranty(from: form), by: visit.caller)
            } else {
                _ = try await referenceData.updateAcceptance(code: code, try standard(from: form), by: visit.caller)
            }
            return ConsoleRenderer.redirect("/console/stores?done=item")
        } catch AppError.invalid(let problems) {
            return try await chapter(StoresChapter.self).preparationPage(
                code, visit, typed: form,
                problems: problems.map { "\($0.field): \($0.message.text(in: visit.language))" },
                status: .unprocessableContent)
        }
    }

    /// One indicator per line: `code | 中文名 | English name | pass when (中文) | pass when (English)`.
    func standard(from form: [String: String]) throws -> AcceptanceStandard {
        var indicators: [AcceptanceIndicator] = []
        var problems: [FieldProblem] = []
        for (index, line) in (form["indicators"] ?? "").split(whereSeparator: \.isNewline).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard parts.count == 5 else {
                problems.append(
                    FieldProblem(
                        field: "indicators[\(index)]", code: "acceptance.lineFormat",
                        message: renderer.messages.localized("catalog_indicatorFormat")))
                continue
            }
            indicators.append(
                AcceptanceIndicator(
                    code: parts[0], name: LocalizedText(zhHans: parts[1], en: parts[2]),
                    passWhen: LocalizedText(zhHans: parts[3], en: parts[4])))
        }
        let hours = Int((form["periodHours"] ?? "").trimmingCharacters(in: .whitespaces))
        if hours == nil {
            problems.append(
                FieldProblem(
                    field: "periodHours", code: "acceptance.period",
                    message: renderer.messages.localized("catalog_wholeNumber")))
        }
        let standard = AcceptanceStandard(
            indicators: indicators,
            method: LocalizedText(zhHans: form["methodZh"] ?? "", en: form["methodEn"] ?? ""), periodHours: hours ?? 0)
        // Core's own checks too, so that every problem shows at once.
        let all = problems + (hours == nil ? standard.problems.filter { $0.field != "periodHours" } : standard.problems)
        guard all.isEmpty else { throw AppError.invalid(all) }
        return standard
    }

    /// Period in days, scope and exclusions as comma-separated codes, who bears the cost.
    func warranty(from form: [String: String]) throws -> WarrantyPolicy {
        func codes(_ name: String) -> Set<String> {
            Set(
                (form[name] ?? "").split(whereSeparator: { $0 == "," || $0 == "，" || $0.isNewline }).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }.filter { !$0.isEmpty })
        }
        let days = Int((form["warrantyDays"] ?? "").trimmingCharacters(in: .whitespaces))
        let policy = WarrantyPolicy(
            periodDays: days ?? 0, scope: codes("scope"), exclusions: codes("exclusions"),
            costBearer: form["costBearer"].flatMap(WarrantyCostBearer.init(rawValue:)) ?? .company)
        if days == nil {
            throw AppError.invalid(
                [
                    FieldProblem(
                        field: "periodDays", code: "warranty.period",
                        message: renderer.messages.localized("catalog_wholeNumber"))
                ] + policy.problems.filter { $0.field != "periodDays" })
        }
        return policy
    }
}

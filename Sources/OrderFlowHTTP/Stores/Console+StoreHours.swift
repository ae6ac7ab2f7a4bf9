import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// A store's opening hours, holidays and phone, for its manager or an administrator.
extension StoresChapter {
    struct StoreHoursPage: Sendable {
        let notice: String?
        let code: String
        let days: [DayRow]
        let holidays: String
        let phone: String
        let problems: [String]
        let lapse: DeliveryChapter.LapseSetting?
    }

    struct DayRow: Sendable {
        let weekday: Int
        let label: String
        let open: Bool
        let opens: String
        let closes: String
    }

    func storeHours(
        _ code: String, _ visit: ConsoleVisit, notice: String? = nil, typed: [String: [String]]? = nil,
        problems: [FieldProblem] = [], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard visit.caller.may(.manageStore, storeCode: code) else { throw AppError.notAllowed }
        let store = try await referenceData.store(code: code, by: visit.caller)
        let days = (1...7).map { weekday -> DayRow in
            let hours = store.openingHours.hours(onWeekday: weekday)
            let label = visit.t["weekday_\(weekday)"] ?? "\(weekday)"
            if let typed {
                return DayRow(
                    weekday: weekday, label: label, open: typed["open\(weekday)"]?.first == "on",
                    opens: typed["opens\(weekday)"]?.first ?? "", closes: typed["closes\(weekday)"]?.first ?? "")
            }
            return DayRow(
                weekday: weekday, label: label, open: hours != nil, opens: hours?.opens.description ?? "09:00",
                closes: hours?.closes.description ?? "18:00")
        }
        let page = StoreHoursPage(
            notice: notice, code: store.code, days: days,
            holidays: typed?["holidays"]?.first ?? store.holidays.sorted().map(\.description).joined(separator: "\n"),
            phone: typed?["phone"]?.first ?? store.phone,
            problems: problems.map { $0.message.text(in: visit.language) },
            lapse: await chapter(DeliveryChapter.self).lapseSetting(code, visit))
        return renderer.page(
            "store-hours",
            visit.frame(
                title: "\(store.name.text(in: visit.language)) · \(visit.t["stores_hours"] ?? "")", current: "stores"),
            page, status: status)
    }

    func saveStoreHours(_ request: Request, code: String, _ visit: ConsoleVisit) async throws -> Response {
        guard let form = await ConsoleForm.read(request),
            ConsoleGate.checkCSRF(form.mapValues { $0.first ?? "" }, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        var problems: [FieldProblem] = []
        var hours: [Int: DailyHours] = [:]
        for weekday in 1...7 where form["open\(weekday)"]?.first == "on" {
            guard let opens = TimeOfDay(text: form["opens\(weekday)"]?.first ?? ""),
                let closes = TimeOfDay(text: form["closes\(weekday)"]?.first ?? "")
            else {
                problems.append(StoreHoursInput.timeProblem("openingHours.\(weekday)"))
                continue
            }
            hours[weekday] = DailyHours(opens: opens, closes: closes)
        }
        var holidays: Set<LocalDate> = []
        let lines = (form["holidays"]?.first ?? "").split(whereSeparator: \.isNewline)
        for line in lines.map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.isEmpty {
            guard let day = LocalDate(iso: line) else {
                problems.append(StoreHoursInput.dateProblem("holidays"))
                continue
            }
            holidays.insert(day)
        }
        do {
            guard problems.isEmpty else { throw AppError.invalid(problems) }
            _ = try await referenceData.updateStoreHours(
                code: code, openingHours: WeeklyOpeningHours(byWeekday: hours), holidays: holidays,
                phone: form["phone"]?.first ?? "", by: visit.caller)
            return ConsoleRenderer.redirect("/console/stores/\(code)?done=hours")
        } catch AppError.invalid(let found) {
            return try await storeHours(code, visit, typed: form, problems: found, status: .unprocessableContent)
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// The technician's phone view (B2): their jobs of a day by time, and one
/// job with its preparation, check-in and check-out, and service records.
extension JobsChapter {
    struct JobListPage: Sendable {
        struct Card: Sendable {
            let number: String
            let href: String
            let time: String
            let status: String
            let statusLabel: String
            let items: String
            let place: String
            let checklist: String
        }

        let notice: String?
        let day: String
        let previousDay: String
        let nextDay: String
        let cards: [Card]
        let none: Bool
    }

    func jobList(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        guard visit.caller.mayAtAll(.workOnJob) else { throw AppError.notAllowed }
        // A technician's day is the head office's; each job's times are its store's.
        let calendar = ConsoleDates.calendar(ConsoleDates.headOffice)
        let day =
            request.uri.queryParameters["day"].flatMap { LocalDate(iso: String($0)) }
            ?? LocalDate(visit.now, in: calendar)
        let jobs = try await self.jobs.myJobs(day: day, by: visit.caller)
        let stores = Dictionary(
            uniqueKeysWithValues: try await referenceData.stores(by: visit.caller).map { ($0.code, $0) })
        func shifted(_ days: Int) -> String { ConsoleDates.shifted(day, by: days, in: calendar) }
        let zones = try await storeZones()
        let cards = try jobs.map { job in
            let order = job.order.order
            let zone = try zones(order.storeCode)
            let zoned = ConsoleDates.calendar(zone)
            let missing = job.missingTicks.count
            return JobListPage.Card(
                number: order.number, href: "/console/jobs/\(order.number)",
                time: ConsoleDates.time(job.assignment.start, zoned) + "–"
                    + ConsoleDates.time(job.assignment.end, zoned),
                status: order.status.rawValue, statusLabel: order.status.label.text(in: visit.language),
                items: order.lines.map { line in
                    "\(job.items.first { $0.code == line.itemCode }?.name.text(in: visit.language) ?? line.itemCode) × \(line.quantity)"
                }.joined(separator: ", "),
                place: order.customer.address.map { "\($0.district) \($0.detail)" }
                    ?? (stores[order.storeCode]?.name.text(in: visit.language) ?? order.storeCode),
                checklist: missing == 0
                    ? (visit.t["job_checklistDone"] ?? "")
                    : visit.text("job_checklistOpen", ["count": String(missing)]))
        }
        let page = JobListPage(
            notice: visit.doneNotice(request, "jobs"), day: day.description,
            previousDay: shifted(-1), nextDay: shifted(1), cards: cards, none: cards.isEmpty)
        return renderer.page(
            "jobs", visit.frame(title: "\(visit.t["jobs_title"] ?? "") · \(day)", current: "jobs"), page)
    }

    struct JobPage: Sendable {
        let notice: String?
        let problems: [String]
        let job: JobPageView
        let methods: [DispatchBoardView.Option]
        let results: [DispatchBoardView.Option]
        let delivery: DeliveryJobSection?
    }

    func jobPage(
        _ reference: String, _ visit: ConsoleVisit, notice: String? = nil, problems: [String] = [],
        status: HTTPResponse.Status = .ok, delivery typed: DeliveryJobTyped? = nil
    ) async throws -> Response {
        let job = try await jobs.job(reference, by: visit.caller)
        let store = try? await referenceData.store(code: job.order.order.storeCode, by: visit.caller)
        let zone = try await zone(ofStore: job.order.order.storeCode)
        let page = JobPage(
            notice: notice, problems: problems, job: JobPageView(job, store: store, zone: zone, visit: visit),
            methods: ContactMethod.allCases.map {
                .init(value: $0.rawValue, label: $0.label.text(in: visit.language), selected: $0 == .phone)
            },
            results: ContactResult.allCases.map {
                .init(value: $0.rawValue, label: $0.label.text(in: visit.language), selected: $0 == .confirmed)
            },
            delivery: try await chapter(DeliveryChapter.self).deliveryJobSection(
                job, visit, zone: zone, typed: typed))
        return renderer.page(
            "job", visit.frame(title: "\(visit.t["job_title"] ?? "") \(job.order.order.number)", current: "jobs"), page,
            status: status)
    }

    /// One form of the job page: contact, survey, checklist, check-in,
    /// check-out or service record.
    func jobAction(_ request: Request, reference: String, action: String, _ visit: ConsoleVisit) async throws
        -> Response
    {
        guard let all = await ConsoleForm.read(request) else { return errorPage(.forbidden(Self.forgedForm), visit) }
        let form = all.mapValues { $0.first ?? "" }
        guard ConsoleGate.checkCSRF(form, visit) else { return errorPage(.forbidden(Self.forgedForm), visit) }
        do {
            let current = try await jobs.job(reference, by: visit.caller)
            let store = try await referenceData.store(code: current.order.order.storeCode, by: visit.caller)
            for entry in try Self.entries(action, form: form, all: all, current: current, store: store) {
                let after = try await jobs.record(entry, on: reference, ifMatch: nil, by: visit.caller)
                // Rescheduled to a time they cannot make: the job went back to the dispatcher.
                if after.order.order.status == .confirmed {
                    return ConsoleRenderer.redirect("/console/jobs?done=handedBack")
                }
            }
            return ConsoleRenderer.redirect("/console/jobs/\(ConsoleForm.percentEncoded(reference))?done=\(action)")
        } catch let error as AppError {
            let (status, messages) = try formRefusal(error, visit, namingFields: true)
            return try await jobPage(reference, visit, problems: messages, status: status)
        }
    }

    /// What a job form records: one entry, or one per changed checklist tick.
    static func entries(
        _ action: String, form: [String: String], all: [String: [String]], current: JobView, store: Store
    ) throws -> [JobEntry] {
        switch action {
        case "contact":
            var start: Date?
            var end: Date?
            if let dayText = form["agreedDay"]?.trimmedOrNil {
                guard let day = LocalDate(iso: dayText),
                    let midnight = store.calendar.date(
                        from: DateComponents(year: day.year, month: day.month, day: day.day)),
                    let from = TimeOfDay(text: form["agreedStart"] ?? ""),
                    let to = TimeOfDay(text: form["agreedEnd"] ?? "")
                else { throw AppError.invalid([StoreHoursInput.timeProblem("agreedStart")]) }
                start = midnight.addingTimeInterval(Double(from.minutes) * 60)
                end = midnight.addingTimeInterval(Double(to.minutes) * 60)
            }
            return [
                .contact(
                    ContactConfirmation(
                        method: ContactMethod(rawValue: form["method"] ?? "") ?? .phone,
                        result: ContactResult(rawValue: form["result"] ?? "") ?? .confirmed, note: form["note"] ?? "",
                        agreedStart: start, agreedEnd: end))
            ]
        case "survey":
            let date = form["preferredDate"]?.trimmedOrNil
            if let date, LocalDate(iso: date) == nil {
                throw AppError.invalid([StoreHoursInput.dateProblem("preferredDate")])
            }
            return [
                .siteSurvey(
                    SiteSurveyRequest(note: form["note"] ?? "", preferredDate: date.flatMap(LocalDate.init(iso:))))
            ]
        case "checklist":
            let wanted = Set(all["tick"] ?? [])
            return current.items.flatMap { item in
                item.preparation.checklist.compactMap { entry -> JobEntry? in
                    let key = "\(item.code)/\(entry.code)"
                    let done = wanted.contains(key)
                    guard done != current.sheet.ticked.contains(key) else { return nil }
                    return .checklistTick(itemCode: item.code, entry: entry.code, done: done)
                }
            }
        case "check-in": return [.checkIn(location: location(form))]
        case "check-out": return [.checkOut(location: location(form))]
        case "record":
            let materials = (0..<3).compactMap { index -> MaterialUsed? in
                let name = form["material\(index)"]?.trimmedOrNil
                let quantity = form["quantity\(index)"]?.trimmedOrNil
                guard name != nil || quantity != nil else { return nil }
                return MaterialUsed(
                    name: name ?? "", quantityMilli: quantity.flatMap(MaterialUsed.quantityMilli(from:)) ?? 0,
                    unit: form["unit\(index)"] ?? "")
            }
            return [
                .serviceRecord(
                    ServiceRecord(
                        workDone: form["workDone"] ?? "", materials: materials,
                        customerFeedback: form["customerFeedback"] ?? "",
                        corrects: form["corrects"].flatMap { Int($0) },
                        correctionReason: form["correctionReason"]))
            ]
        default: throw AppError.notFound(LocalizedText(zhHans: "没有此操作", en: "No such action"))
        }
    }

    /// The location the page's script read from the device, when it could.
    static func location(_ form: [String: String]) -> GeoPoint? {
        guard let latitude = form["latitude"].flatMap(Double.init),
            let longitude = form["longitude"].flatMap(Double.init)
        else { return nil }
        return GeoPoint(latitude: latitude, longitude: longitude, accuracy: form["accuracy"].flatMap(Double.init))
    }
}

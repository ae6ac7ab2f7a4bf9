import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore

/// A new phone booking or walk-in (R2.1–R2.3): the catalog picker, a
/// running total, and the automatic check's problems shown beside each
/// field. A hidden form token is the idempotency key, so a double submit
/// creates one order.
extension IntakeChapter {
    static let lineSlots = 3
    static let fieldKeys = [
        "storeCode", "channel", "name", "phone", "email", "language", "province", "city", "district", "detail", "tier",
        "payment", "date",
        "start", "end", "priority", "notes", "lines",
    ]

    struct NewOrderPage: Sendable {
        let formToken: String
        let fields: [String: FormField]
        let stores: [Choice]
        let channels: [Choice]
        let payments: [Choice]
        let priorities: [Choice]
        let tiers: [Choice]
        let languages: [Choice]
        let startSlots: [Choice]
        let endSlots: [Choice]
        let lines: [LineForm]
        let total: String
        let problems: [String]
    }

    struct LineForm: Sendable {
        let index: Int
        let items: [ItemChoice]
        let specification: String
        let quantity: String
        let error: String?
    }

    struct ItemChoice: Sendable {
        let value: String
        let label: String
        let priceFen: Int64
        let selected: Bool
    }

    func newOrderForm(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        guard visit.caller.mayAtAll(.createOrder) else { throw AppError.notAllowed }
        let channel = request.uri.queryParameters["channel"].map(String.init) == "walkIn" ? "walkIn" : "phone"
        return try await orderForm(
            visit, values: ["channel": channel, "payment": "wechatPay", "priority": "normal", "tier": "regular"],
            lines: [], problems: [], status: .ok)
    }

    func submitOrder(_ request: Request, _ visit: ConsoleVisit) async throws -> Response {
        guard let form = await ConsoleForm.read(request) else {
            return errorPage(.invalid([IntakeProblem.tooLong("form", limit: ConsoleForm.maximumBytes)]), visit)
        }
        let first = form.mapValues { $0.first ?? "" }
        guard ConsoleGate.checkCSRF(first, visit) else { return errorPage(.forbidden(Self.forgedForm), visit) }
        let lines = OrderFormParts.typedLines(form)
        let stores = try await referenceData.stores(by: visit.caller)
        let store = stores.first { $0.code == first["storeCode"] }
        var dateProblems: [FieldProblem] = []
        let (start, end) = Self.appointment(
            date: first["date"] ?? "", start: first["start"] ?? "", end: first["end"] ?? "",
            // No store chosen yet: the form is refused for that anyway, and the
            // head office's zone only reads the typed date for its other problems.
            zone: store?.timeZone ?? ConsoleDates.headOffice, problems: &dateProblems)
        let draft = OrderDraft(
            storeCode: first["storeCode"].flatMap { $0.isEmpty ? nil : $0 },
            channel: first["channel"].flatMap(Channel.Kind.init(rawValue:)),
            platformName: nil, externalReference: nil,
            customer: CustomerDraft(
                name: first["name"], phone: first["phone"],
                address: AddressDraft(
                    province: first["province"], city: first["city"], district: first["district"],
                    detail: first["detail"]),
                tier: first["tier"].flatMap(CustomerTier.init(rawValue:)),
                email: first["email"], language: first["language"].flatMap(Language.init(rawValue:))),
            lines: OrderFormParts.lineDrafts(lines),
            total: nil, paymentMethod: first["payment"].flatMap(PaymentMethod.init(rawValue:)),
            appointmentStart: start, appointmentEnd: end,
            priority: first["priority"].flatMap(Priority.init(rawValue:)), notes: first["notes"])
        // The same form token again (a double click, a reload) returns the first order.
        let token = String((first["formToken"] ?? "").prefix(100))
        do {
            // An unreadable day is told with every other problem, not instead of them.
            let created = try await intake.createOrder(
                draft, by: visit.caller, idempotencyKey: token.isEmpty ? nil : "console-\(token)")
            return ConsoleRenderer.redirect("/console/orders/\(created.order.order.number)?done=created")
        } catch AppError.invalid(let problems) {
            return try await orderForm(
                visit, values: first, lines: lines, problems: OrderFormParts.withDay(dateProblems, problems),
                status: .unprocessableContent,
                formToken: token)
        }
    }

    /// The form, filled with `values` and the problems beside their fields.
    private func orderForm(
        _ visit: ConsoleVisit, values: [String: String],
        lines: [OrderFormParts.TypedLine], problems: [FieldProblem],
        status: HTTPResponse.Status, formToken: String = AccessService.newSecret()
    ) async throws -> Response {
        let language = visit.language
        var placed = OrderFormParts.place(problems, language)
        let stores = try await referenceData.stores(by: visit.caller).filter {
            visit.caller.may(.createOrder, storeCode: $0.code)
        }
        let catalog = try await referenceData.catalog(by: visit.caller).filter(\.active)
        let (lineForms, total) = OrderFormParts.lineRows(
            lines, catalog: catalog, errors: placed.lineErrors, language: language)
        if lines.allSatisfy({ $0.item.isEmpty }), let error = placed.errors.removeValue(forKey: "lines") {
            placed.general.append(error)
        }
        func choices(_ all: [String], _ key: String, label: (String) -> String) -> [Choice] {
            all.map { Choice(value: $0, label: label($0), selected: $0 == values[key]) }
        }
        let slots = stride(from: 7 * 60, through: 22 * 60, by: 30).map { TimeOfDay(minutes: $0).description }
        let page = NewOrderPage(
            formToken: formToken,
            fields: Dictionary(
                uniqueKeysWithValues: Self.fieldKeys.map {
                    ($0, FormField(value: values[$0] ?? "", error: placed.errors[$0]))
                }
            ),
            stores: stores.map {
                Choice(value: $0.code, label: $0.name.text(in: language), selected: $0.code == values["storeCode"])
            },
            channels: choices(["phone", "walkIn"], "channel") { visit.t["channel_\($0)"] ?? $0 },
            payments: choices(PaymentMethod.allowed(for: .phone).map(\.rawValue).sorted(), "payment") {
                visit.t["payment_\($0)"] ?? $0
            },
            priorities: choices(Priority.allCases.map(\.rawValue), "priority") { visit.t["priority_\($0)"] ?? $0 },
            tiers: choices(CustomerTier.allCases.map(\.rawValue), "tier") { visit.t["tier_\($0)"] ?? $0 },
            languages: choices(Language.allCases.map(\.rawValue), "language") { $0 == "en" ? "English" : "中文" },
            startSlots: choices(slots, "start") { $0 }, endSlots: choices(slots, "end") { $0 },
            lines: lineForms, total: total.formatted, problems: placed.general)
        return renderer.page(
            "new-order", visit.frame(title: visit.t["newOrder_title"] ?? "", current: "newOrder"), page, status: status)
    }

    /// Where a problem of the automatic check is shown on this form.
    static func formKey(_ field: String) -> String? {
        switch field {
        case "storeCode", "channel", "notes", "priority", "lines": field
        case "customer.name", "customer": "name"
        case "customer.phone": "phone"
        case "customer.email": "email"
        case "customer.address", "customer.address.province": "province"
        case "customer.address.city": "city"
        case "customer.address.district": "district"
        case "customer.address.detail": "detail"
        case "paymentMethod": "payment"
        case "appointmentStart": "start"
        case "appointmentEnd": "end"
        case "appointment", "date": "date"
        default: nil
        }
    }

    static func lineIndex(_ field: String) -> Int? {
        guard field.hasPrefix("lines["), let close = field.firstIndex(of: "]") else { return nil }
        return Int(field[field.index(field.startIndex, offsetBy: 6)..<close])
    }

    /// The appointment from a day and two times in the store's time zone.
    static func appointment(
        date: String, start: String, end: String, zone: TimeZone, problems: inout [FieldProblem]
    ) -> (Date?, Date?) {
        guard !date.isEmpty || !start.isEmpty || !end.isEmpty else { return (nil, nil) }
        guard let day = LocalDate(iso: date) else {
            problems.append(
                FieldProblem(
                    field: "date", code: "value.format",
                    message: LocalizedText(zhHans: "请选择预约日期", en: "Choose the day of the appointment")))
            return (nil, nil)
        }
        let calendar = ConsoleDates.calendar(zone)
        func instant(_ text: String) -> Date? {
            guard let time = TimeOfDay(text: text) else { return nil }
            return calendar.date(
                from: DateComponents(
                    year: day.year, month: day.month, day: day.day, hour: time.minutes / 60, minute: time.minutes % 60))
        }
        return (instant(start), instant(end))
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// The customer booking page (issue 4, B1) and the tracking page behind the
/// customer's link. Public: no session, a double-submit CSRF cookie on the
/// form, a limit on bookings per address, and a page that shows one order
/// only to the holder of its random link.
struct BookingChapter: ConsoleChapter {
    let console: ConsoleRoutes
    static let name = "booking"
    var trustForwardedFor: Bool { console.trustForwardedFor }
    static let csrfCookie = "orderflow_book_csrf"
    /// Reference data is public on the booking page; read it as a reader.
    static let publicReader = Caller(
        actor: Actor(kind: .system, id: "booking-page"), grants: [RoleGrant(role: .auditor, scope: .allStores)])

    func addRoutes(to router: ChapterRoutes) {
        router.get("/book/:store") { request, context in
            try await bookingForm(request, storeCode: context.parameters.require("store"), values: [:], problems: [])
        }
        router.post("/book/:store") { request, context in
            try await submit(request, context: context, storeCode: context.parameters.require("store"))
        }
        router.get("/track/:token") { request, context in
            try await track(request, token: context.parameters.require("token"))
        }
        router.post("/track/:token/feedback") { request, context in
            try await giveFeedback(request, token: context.parameters.require("token"))
        }
        router.post("/track/:token/messages") { request, context in
            try await changeMessages(request, token: context.parameters.require("token"))
        }
        addDeliveryRoutes(to: router)
        addClaimRoutes(to: router)
    }

    struct BookPage: Sendable {
        let t: [String: String]
        let lang: String
        let store: String
        let storeCode: String
        let address: String
        let hours: String
        let csrf: String
        let formToken: String
        let fields: [String: FormField]
        let lines: [IntakeChapter.LineForm]
        let slots: [Choice]
        let endSlots: [Choice]
        let payments: [Choice]
        let total: String
        let problems: [String]
        let switchLanguageHref: String
        let switchLanguageLabel: String
    }

    private func bookingForm(
        _ request: Request, storeCode: String, values: [String: String], problems: [FieldProblem],
        lines: [OrderFormParts.TypedLine] = [],
        status: HTTPResponse.Status = .ok, formToken: String = AccessService.newSecret()
    ) async throws -> Response {
        let language = ConsoleGate.language(of: request)
        let t = renderer.messages.table(language)
        guard let store = try await referenceData.stores(by: Self.publicReader).first(where: { $0.code == storeCode })
        else {
            return renderer.page(
                "public-message", PublicMessage(t: t, lang: language.rawValue, message: t["book_unknownStore"] ?? ""),
                status: .notFound)
        }
        // Store and channel are fixed by the page: their problems go to the top.
        let placed = OrderFormParts.place(problems, language, hiddenKeys: ["storeCode", "channel"])
        let catalog = try await referenceData.catalog(by: Self.publicReader).filter(\.active)
        let (lineForms, total) = OrderFormParts.lineRows(
            lines, catalog: catalog, errors: placed.lineErrors, language: language)
        let days = (1...7).compactMap { day in store.openingHours.hours(onWeekday: day) }
        let opens = days.map(\.opens.minutes).min() ?? 9 * 60
        let closes = days.map(\.closes.minutes).max() ?? 18 * 60
        let slots = stride(from: opens, through: closes, by: BookingPolicy.slotMinutes).map {
            TimeOfDay(minutes: $0).description
        }
        let weekdays = (1...7).map { t["weekday_\($0)"] ?? "\($0)" }
        var defaults = values
        if values.isEmpty {
            defaults = [
                "province": store.address.province, "city": store.address.city, "district": store.address.district,
                "payment": "wechatPay",
            ]
        }
        let csrf = AccessService.newSecret()
        let other: Language = language == .zhHans ? .en : .zhHans
        let page = BookPage(
            t: t, lang: language.rawValue, store: store.name.text(in: language), storeCode: store.code,
            address: [store.address.city, store.address.district, store.address.detail].joined(separator: " "),
            hours: (1...7).compactMap { day in
                store.openingHours.hours(onWeekday: day).map { "\(weekdays[day - 1]) \($0.opens)–\($0.closes)" }
            }.joined(separator: ", "),
            csrf: csrf, formToken: formToken,
            fields: Dictionary(
                uniqueKeysWithValues: IntakeChapter.fieldKeys.map {
                    ($0, FormField(value: defaults[$0] ?? "", error: placed.errors[$0]))
                }),
            lines: lineForms,
            slots: slots.map { Choice(value: $0, label: $0, selected: $0 == defaults["start"]) },
            endSlots: slots.map { Choice(value: $0, label: $0, selected: $0 == defaults["end"]) },
            payments: PaymentMethod.allowed(for: .website).map(\.rawValue).sorted().map {
                Choice(value: $0, label: t["payment_\($0)"] ?? $0, selected: $0 == defaults["payment"])
            },
            total: total.formatted, problems: placed.general,
            switchLanguageHref: "/lang/\(other.rawValue)?next=/book/\(store.code)",
            switchLanguageLabel: other == .en ? "English" : "中文")
        var headers: HTTPFields = [:]
        headers[.setCookie] = "\(Self.csrfCookie)=\(csrf); Path=/book; Max-Age=7200; HttpOnly; SameSite=Strict"
        return renderer.page("book", page, status: status, headers: headers)
    }

    private func submit(_ request: Request, context: OrderFlowRequestContext, storeCode: String) async throws
        -> Response
    {
        let language = ConsoleGate.language(of: request)
        let t = renderer.messages.table(language)
        guard let form = await ConsoleForm.read(request) else {
            return renderer.page(
                "public-message", PublicMessage(t: t, lang: language.rawValue, message: t["login_tooLarge"] ?? ""),
                status: .contentTooLarge)
        }
        let first = form.mapValues { $0.first ?? "" }
        let cookie = SessionCookie.cookie(named: Self.csrfCookie, in: request.headers) ?? ""
        guard !cookie.isEmpty, SessionCookie.constantTimeEquals(first["csrf"] ?? "", cookie) else {
            return renderer.page(
                "public-message", PublicMessage(t: t, lang: language.rawValue, message: t["book_expired"] ?? ""),
                status: .forbidden)
        }
        let lines = OrderFormParts.typedLines(form)
        guard let store = try await referenceData.stores(by: Self.publicReader).first(where: { $0.code == storeCode })
        else {
            return renderer.page(
                "public-message", PublicMessage(t: t, lang: language.rawValue, message: t["book_unknownStore"] ?? ""),
                status: .notFound)
        }
        var dateProblems: [FieldProblem] = []
        let (start, end) = IntakeChapter.appointment(
            date: first["date"] ?? "", start: first["start"] ?? "", end: first["end"] ?? "",
            zone: store.timeZone, problems: &dateProblems)
        let draft = OrderDraft(
            storeCode: storeCode, channel: .website, platformName: nil, externalReference: nil,
            customer: CustomerDraft(
                name: first["name"], phone: first["phone"],
                address: AddressDraft(
                    province: first["province"], city: first["city"], district: first["district"],
                    detail: first["detail"]),
                tier: .regular, email: first["email"],
                // Written to in the language the customer booked in.
                language: ConsoleGate.language(of: request)),
            lines: OrderFormParts.lineDrafts(lines),
            total: nil, paymentMethod: first["payment"].flatMap(PaymentMethod.init(rawValue:)),
            appointmentStart: start, appointmentEnd: end, priority: .normal, notes: first["notes"])
        let token = String((first["formToken"] ?? "").prefix(100))
        do {
            let booked = try await booking.book(
                draft, source: context.clientAddress(of: request, trustingForwardedFor: trustForwardedFor),
                formToken: token.isEmpty ? nil : token)
            return ConsoleRenderer.redirect("/track/\(booked.trackingToken)?booked=1")
        } catch AppError.invalid(let problems) {
            return try await bookingForm(
                request, storeCode: storeCode, values: first, problems: OrderFormParts.withDay(dateProblems, problems),
                lines: lines,
                status: .unprocessableContent, formToken: token)
        } catch AppError.tooManyAttempts(let seconds) {
            var response = renderer.page(
                "public-message", PublicMessage(t: t, lang: language.rawValue, message: t["book_tooMany"] ?? ""),
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
    }

    struct TrackPage: Sendable {
        let t: [String: String]
        let lang: String
        let booked: Bool
        let number: String
        let status: String
        let statusLabel: String
        let store: String
        let appointment: String
        let customer: String
        let lines: [String]
        let total: String
        let events: [TrackEvent]
        /// The customer's channels, each with the button that stops or restarts it (B3).
        let channels: [MessageChannelChoice]
        let hasChannels: Bool
        let token: String
        let messagesChanged: Bool
        /// The customer rates the service once it is done (R4.3).
        let mayGiveFeedback: Bool
        let feedbackThanks: Bool
        let feedbackError: String?
        let delivery: TrackDelivery?
        /// Requests for service under warranty, once delivered (R6.2).
        let claims: TrackClaims?
        /// The double-submit token every form of the page sends back.
        let csrf: String
        let switchLanguageHref: String
        let switchLanguageLabel: String
    }

    struct TrackEvent: Sendable {
        let when: String
        let label: String
        let reason: String?
    }

    func track(
        _ request: Request, token: String, typed: TrackAcceptanceTyped? = nil, claim: TrackClaimTyped? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = ConsoleGate.language(of: request)
        let t = renderer.messages.table(language)
        let tracked: OnlineBookingService.Tracked
        do {
            tracked = try await booking.track(token: token)
        } catch AppError.notFound {
            return renderer.page(
                "public-message", PublicMessage(t: t, lang: language.rawValue, message: t["track_notFound"] ?? ""),
                status: .notFound)
        }
        let order = tracked.order
        let stores = try await referenceData.stores(by: Self.publicReader)
        let store = stores.first { $0.code == order.storeCode }
        let zone = try await zone(ofStore: order.storeCode)
        let catalog = try await referenceData.catalog(by: Self.publicReader)
        let other: Language = language == .zhHans ? .en : .zhHans
        let channels = try await messageChannels(token: token, t: t)
        let csrf = Self.trackCSRF(request)
        let delivery = try await trackDelivery(
            request, token: token, csrf: csrf.token, language: language, t: t, store: store, zone: zone, typed: typed)
        let claims = try await trackClaims(
            request, order: order, token: token, csrf: csrf.token, language: language, catalog: catalog, zone: zone,
            typed: claim)
        let page = TrackPage(
            t: t, lang: language.rawValue, booked: request.uri.queryParameters["booked"] != nil, number: order.number,
            status: order.status.rawValue, statusLabel: order.status.label.text(in: language),
            store: store?.name.text(in: language) ?? order.storeCode,
            appointment: ConsoleDates.window(order.appointment.start, order.appointment.end, in: zone),
            customer: "\(order.customer.name) \(order.customer.phone)",
            lines: order.lines.map { line in
                let name = catalog.first { $0.code == line.itemCode }?.name.text(in: language) ?? line.itemCode
                return "\(name) × \(line.quantity) · \(line.lineTotal.formatted)"
            },
            total: order.total.formatted,
            events: tracked.events.compactMap { entry in
                // Customer terms: what happened to the booking, not who in the company did it.
                guard entry.type.isShownToCustomers,
                    let label = t["track_event_\(entry.type.rawValue.replacingOccurrences(of: ".", with: "_"))"]
                else { return nil }
                return TrackEvent(
                    when: ConsoleDates.instant(entry.occurredAt, in: zone), label: label,
                    reason: entry.type == .rejected || entry.type == .cancelled ? entry.payload.reason : nil)
            },
            channels: channels, hasChannels: !channels.isEmpty, token: token,
            messagesChanged: request.uri.queryParameters["messages"] != nil,
            mayGiveFeedback: tracked.events.contains { $0.type == .checkedOut },
            feedbackThanks: request.uri.queryParameters["feedback"] != nil,
            feedbackError: request.uri.queryParameters["feedbackError"].flatMap { t["track_feedback_error_\($0)"] },
            delivery: delivery, claims: claims, csrf: csrf.token,
            switchLanguageHref: "/lang/\(other.rawValue)?next=/track/\(token)",
            switchLanguageLabel: other == .en ? "English" : "中文")
        return renderer.page("track", page, status: status, headers: Self.trackHeaders(setCookie: csrf.setCookie))
    }

}

struct PublicMessage: Sendable {
    let t: [String: String]
    let lang: String
    let message: String
}

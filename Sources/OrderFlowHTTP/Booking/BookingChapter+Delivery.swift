import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// The customer's side of delivery on their tracking page (R5.3, R5.5):
/// the report to accept or reject within the period, photos of what is
/// wrong, the files of the report, and the delivered order. Answers carry a
/// double-submit CSRF token (a cookie and the same value in the form or
/// header), as the booking form does.
extension BookingChapter {
    static let trackCSRFCookie = "orderflow_track_csrf"

    func addDeliveryRoutes(to router: ChapterRoutes) {
        router.post("/track/:token/acceptance") { request, context in
            try await answerDelivery(request, token: context.parameters.require("token"))
        }
        router.post("/track/:token/photos") { request, context in
            try await uploadCustomerPhoto(request, token: context.parameters.require("token"))
        }
        router.get("/track/:token/attachments/:id") { request, context in
            try await trackedFile(
                request, token: context.parameters.require("token"), id: context.parameters.require("id"))
        }
    }

    /// What the customer typed before a refused answer, kept on the page.
    struct TrackAcceptanceTyped: Sendable {
        var fields: [String: [String]]
        var problems: [FieldProblem] = []
        var messages: [String] = []

        func value(_ name: String) -> String { fields[name]?.first ?? "" }
    }

    struct TrackDelivery: Sendable {
        struct Photo: Sendable {
            let id: String
            let name: String
        }

        let token: String
        let csrf: String
        let shownReport: DeliveryRoundView?
        let canAnswer: Bool
        let due: String
        let periodEnded: Bool
        let storePhone: String
        let deliveredAt: String?
        let deliveredMethod: String
        let inRework: Bool
        let answeredNote: String?
        let acceptanceMessages: [String]
        let signerName: String
        let reasons: String
        let reasonsError: String?
        let photos: [Photo]
        let photosError: String?
    }

    /// The tracking page's delivery section; nil before the first report.
    func trackDelivery(
        _ request: Request, token: String, csrf: String, language: Language, t: [String: String], store: Store?,
        zone: TimeZone,
        typed: TrackAcceptanceTyped?
    ) async throws -> TrackDelivery? {
        let view = try await delivery.delivery(trackingToken: token)
        guard let current = view.current else { return nil }
        let now = delivery.now()
        let open = view.openReport(at: now)
        let delivered = view.delivered
        let shown = open ?? (current.status == .awaiting ? current : view.accepted)
        var problems = typed?.problems ?? []
        func take(_ matches: (String) -> Bool) -> String? {
            let found = problems.filter { matches($0.field) }
            problems.removeAll { matches($0.field) }
            return found.isEmpty ? nil : found.map { $0.message.text(in: language) }.joined(separator: " ")
        }
        let answered: String? =
            switch request.uri.queryParameters["acceptance"] {
            case "accepted": t["track_delivery_answered_accepted"]
            case "rejected": t["track_delivery_answered_rejected"]
            default: nil
            }
        return TrackDelivery(
            token: token, csrf: csrf,
            shownReport: shown.map { report in
                DeliveryRoundView(
                    report, of: view, language: language, t: t, zone: zone, names: nil,
                    href: { "/track/\(ConsoleForm.percentEncoded(token))/attachments/\($0.uuidString)" })
            },
            canAnswer: open != nil, due: ConsoleDates.instant(current.acceptanceDueAt, in: zone),
            periodEnded: current.status == .awaiting && open == nil, storePhone: store?.phone ?? "",
            deliveredAt: delivered.map { ConsoleDates.instant($0.at, in: zone) },
            deliveredMethod: delivered?.method.label.text(in: language) ?? "",
            inRework: view.order.status == .rework, answeredNote: answered,
            acceptanceMessages: typed?.messages ?? [], signerName: typed?.value("signerName") ?? "",
            reasons: typed?.value("reasons") ?? "", reasonsError: take { $0 == "reasons" },
            photos: (typed?.fields["photo"] ?? []).compactMap { text in
                UUID(uuidString: text).flatMap(view.attachment).map { TrackDelivery.Photo(id: text, name: $0.fileName) }
            },
            photosError: take { $0.hasPrefix("photoIds") } ?? problems.map { $0.message.text(in: language) }.first)
    }

    /// The tracking page's double-submit CSRF token: the browser's cookie when
    /// it has one, else a new one with the cookie that carries it. Every form
    /// of the page sends it back.
    static func trackCSRF(_ request: Request) -> (token: String, setCookie: String?) {
        let existing = SessionCookie.cookie(named: trackCSRFCookie, in: request.headers) ?? ""
        guard existing.count < 32 else { return (existing, nil) }
        let fresh = AccessService.newSecret()
        return (fresh, "\(trackCSRFCookie)=\(fresh); Path=/track; Max-Age=86400; HttpOnly; SameSite=Strict")
    }

    /// The tracking page's headers, with the CSRF cookie when it is new.
    static func trackHeaders(setCookie: String?) -> HTTPFields {
        var headers: HTTPFields = [.referrerPolicy: "no-referrer"]
        if let setCookie { headers[.setCookie] = setCookie }
        return headers
    }

    static func sameToken(_ sent: String?, _ request: Request) -> Bool {
        let cookie = SessionCookie.cookie(named: trackCSRFCookie, in: request.headers) ?? ""
        return !cookie.isEmpty && SessionCookie.constantTimeEquals(sent ?? "", cookie)
    }

    /// Accept, or reject with reasons and photos, through the link (R5.3).
    func answerDelivery(_ request: Request, token: String) async throws -> Response {
        let language = ConsoleGate.language(of: request)
        let t = renderer.messages.table(language)
        let form = await ConsoleForm.read(request) ?? [:]
        let value = { (name: String) in form[name]?.first ?? "" }
        guard Self.sameToken(value("csrf"), request) else {
            return publicMessage(t["track_delivery_expired"], language: language, status: .forbidden)
        }
        do {
            _ = try await delivery.decide(
                AcceptanceRequest(
                    decision: value("decision") == "accepted" ? .accepted : .rejected, via: .customerLink,
                    signerName: value("signerName").trimmedOrNil, reasons: value("reasons"),
                    photoIDs: (form["photo"] ?? []).compactMap(UUID.init(uuidString:))),
                trackingToken: token)
        } catch AppError.notFound {
            return publicMessage(t["track_notFound"], language: language, status: .notFound)
        } catch AppError.invalid(let problems) {
            return try await track(
                request, token: token, typed: TrackAcceptanceTyped(fields: form, problems: problems),
                status: .unprocessableContent)
        } catch AppError.conflict(_, let message) {
            return try await track(
                request, token: token,
                typed: TrackAcceptanceTyped(fields: form, messages: [message.text(in: language)]), status: .conflict)
        }
        let answer = value("decision") == "accepted" ? "accepted" : "rejected"
        return ConsoleRenderer.redirect("/track/\(ConsoleForm.percentEncoded(token))?acceptance=\(answer)#delivery")
    }

    /// A photo of what is wrong, sent by the page's script as the raw body.
    func uploadCustomerPhoto(_ request: Request, token: String) async throws -> Response {
        let language = ConsoleGate.language(of: request)
        let t = renderer.messages.table(language)
        guard Self.sameToken(request.headers[.csrfToken], request) else {
            return DeliveryForms.problem(.forbidden, title: t["track_delivery_expired"] ?? "", language: language)
        }
        guard let body = try? await request.body.collect(upTo: DeliveryForms.uploadBytes) else {
            return DeliveryForms.problem(
                .contentTooLarge, title: t["delivery_uploadTooLarge"] ?? "", language: language)
        }
        do {
            let stored = try await delivery.upload(
                Data(body.readableBytesView), declaredType: request.headers[.contentType],
                fileName: request.uri.queryParameters["fileName"].map(String.init), trackingToken: token)
            return DeliveryForms.created(stored)
        } catch let error as AppError {
            return DeliveryForms.problem(error, language: language, t: t)
        }
    }

    /// A file of the link's order: the report's photos, the signature.
    func trackedFile(_ request: Request, token: String, id: String) async throws -> Response {
        let language = ConsoleGate.language(of: request)
        let t = renderer.messages.table(language)
        guard let attachmentID = UUID(uuidString: id) else {
            return publicMessage(t["delivery_noFile"], language: language, status: .notFound)
        }
        do {
            let (attachment, data) = try await delivery.attachment(attachmentID, trackingToken: token)
            return DeliveryForms.file(attachment, data)
        } catch AppError.notFound {
            return publicMessage(t["delivery_noFile"], language: language, status: .notFound)
        }
    }

    func publicMessage(_ message: String?, language: Language, status: HTTPResponse.Status) -> Response {
        renderer.page(
            "public-message",
            PublicMessage(t: renderer.messages.table(language), lang: language.rawValue, message: message ?? ""),
            status: status)
    }
}

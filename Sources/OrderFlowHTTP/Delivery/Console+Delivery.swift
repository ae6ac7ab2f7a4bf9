import Foundation
import HTTPTypes
import Hummingbird
import OrderFlowApp
import OrderFlowCore

/// Delivery in the console (R5.1–R5.5): the technician's report and the
/// customer's signature on the job page, uploads, the files themselves,
/// and the order page's delivery forms.
extension DeliveryChapter {
    func addRoutes(to router: ChapterRoutes) {
        router.page("/console/jobs/:ref/delivery/report", method: .post, of: self) { request, parameters, visit in
            try await submitDeliveryReport(request, reference: parameters.require("ref"), visit)
        }
        router.page("/console/jobs/:ref/delivery/acceptance", method: .post, of: self) { request, parameters, visit in
            try await recordAcceptanceOnDevice(request, reference: parameters.require("ref"), visit)
        }
        router.page("/console/orders/:ref/attachments", method: .post, of: self) { request, parameters, visit in
            try await uploadAttachment(request, reference: parameters.require("ref"), visit)
        }
        router.page("/console/attachments/:id", of: self) { request, parameters, visit in
            try await attachmentFile(parameters.require("id"), visit)
        }
        router.page("/console/orders/:ref/delivery-report", of: self) { request, parameters, visit in
            try await printableReport(parameters.require("ref"), visit)
        }
        router.page("/console/orders/:ref/delivery/:action", method: .post, of: self) { request, parameters, visit in
            try await orderDeliveryAction(
                request, reference: parameters.require("ref"),
                action: parameters.require("action"), visit)
        }
        router.page("/console/stores/:code/delivery-settings", method: .post, of: self) { request, parameters, visit in
            try await saveLapseAction(request, code: parameters.require("code"), visit)
        }
        for part in ["acceptance", "warranty"] {
            router.page("/console/catalog/:code/\(part)", method: .post, of: self) { request, parameters, visit in
                try await saveItemDelivery(request, code: parameters.require("code"), part: part, visit)
            }
        }
    }

    /// The job page's delivery sections, or nil when there is nothing to show.
    func deliveryJobSection(_ job: JobView, _ visit: ConsoleVisit, zone: TimeZone, typed: DeliveryJobTyped?)
        async throws -> DeliveryJobSection?
    {
        let view = try await delivery.delivery(job.order.order.number, by: visit.caller)
        let section = DeliveryJobSection(view, job: job, visit: visit, zone: zone, typed: typed, now: visit.now)
        return section.shown ? section : nil
    }

    /// The technician's self-check and report (R5.1, R5.2); a refusal shows
    /// the job page again with every choice and text as typed.
    func submitDeliveryReport(_ request: Request, reference: String, _ visit: ConsoleVisit) async throws -> Response {
        guard let form = await ConsoleForm.read(request),
            ConsoleGate.checkCSRF(form.mapValues { $0.first ?? "" }, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        let view = try await delivery.delivery(reference, by: visit.caller)
        do {
            _ = try await delivery.submitReport(
                DeliveryForms.draft(form, standards: view.standards), on: reference, ifMatch: nil, by: visit.caller)
            return ConsoleRenderer.redirect("/console/jobs/\(ConsoleForm.percentEncoded(reference))?done=report")
        } catch let error as AppError {
            return try await refusedOnJobPage(error, DeliveryJobTyped(form: .report, fields: form), reference, visit)
        }
    }

    /// The customer's answer signed on the technician's device (R5.3): the
    /// drawn PNG, the signer's name, and reasons when rejecting.
    func recordAcceptanceOnDevice(_ request: Request, reference: String, _ visit: ConsoleVisit) async throws
        -> Response
    {
        guard let form = await DeliveryForms.read(request, upTo: DeliveryForms.acceptanceFormBytes),
            ConsoleGate.checkCSRF(form.mapValues { $0.first ?? "" }, visit)
        else { return errorPage(.forbidden(Self.forgedForm), visit) }
        let value = { (name: String) in form[name]?.first ?? "" }
        let decision: AcceptanceDecision = value("decision") == "rejected" ? .rejected : .accepted
        do {
            let signature = try DeliveryForms.signature(value("signature"), messages: renderer.messages)
            let report = try await delivery.decide(
                AcceptanceRequest(
                    decision: decision, via: .technicianDevice, signerName: value("signerName"),
                    reasons: value("reasons")), signature: signature, on: reference, by: visit.caller)
            let done = report.status == .accepted ? "accepted" : "rejected"
            return ConsoleRenderer.redirect("/console/jobs/\(ConsoleForm.percentEncoded(reference))?done=\(done)")
        } catch let error as AppError {
            return try await refusedOnJobPage(
                error, DeliveryJobTyped(form: .acceptance, fields: form), reference, visit)
        }
    }

    /// The job page again after a refusal: field problems beside the fields
    /// with everything as typed; a refusal of the whole answer (the period
    /// is over, already answered) at the top, where it shows even when the
    /// form is gone.
    func refusedOnJobPage(_ error: AppError, _ typed: DeliveryJobTyped, _ reference: String, _ visit: ConsoleVisit)
        async throws -> Response
    {
        guard case .invalid(let problems) = error else {
            let (status, messages) = try formRefusal(error, visit)
            return try await chapter(JobsChapter.self).jobPage(
                reference, visit, problems: messages, status: status, delivery: typed)
        }
        var kept = typed
        kept.problems = DeliveryForms.renamingFile(problems, to: "signature")
        return try await chapter(JobsChapter.self).jobPage(
            reference, visit, status: .unprocessableContent, delivery: kept)
    }

    /// A photo or document sent by the page's script as the raw body; the
    /// answer is JSON for the script (the file's id, or the field's problem).
    func uploadAttachment(_ request: Request, reference: String, _ visit: ConsoleVisit) async throws -> Response {
        guard SessionCookie.constantTimeEquals(request.headers[.csrfToken] ?? "", visit.session.csrfToken) else {
            return DeliveryForms.problem(
                .forbidden, title: visit.t["delivery_uploadForged"] ?? "", language: visit.language)
        }
        guard let body = try? await request.body.collect(upTo: DeliveryForms.uploadBytes) else {
            return DeliveryForms.problem(
                .contentTooLarge, title: visit.t["delivery_uploadTooLarge"] ?? "", language: visit.language)
        }
        let declared = request.headers[.contentType]
        let query = request.uri.queryParameters
        do {
            let stored = try await delivery.upload(
                Data(body.readableBytesView),
                kind: DeliveryForms.kind(query["kind"].map(String.init), declaredType: declared),
                declaredType: declared, fileName: query["fileName"].map(String.init), to: reference, by: visit.caller)
            return DeliveryForms.created(stored)
        } catch let error as AppError {
            return DeliveryForms.problem(error, language: visit.language, t: visit.t)
        }
    }

    /// The bytes of a file of an order the person may read, shown inline.
    func attachmentFile(_ id: String, _ visit: ConsoleVisit) async throws -> Response {
        guard let attachmentID = UUID(uuidString: id) else {
            throw AppError.notFound(renderer.messages.localized("delivery_noFile"))
        }
        let (attachment, data) = try await delivery.attachment(attachmentID, by: visit.caller)
        return DeliveryForms.file(attachment, data)
    }
}

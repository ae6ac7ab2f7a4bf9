import Foundation
import OrderFlowApp
import OrderFlowCore

/// What was typed into the job page's delivery forms, and why it was
/// refused: the page shows it again so that nothing is lost (R5.1–R5.3).
struct DeliveryJobTyped: Sendable {
    enum Form: Sendable {
        case report
        case acceptance
    }

    var form: Form
    var fields: [String: [String]]
    var problems: [FieldProblem] = []

    func value(_ name: String) -> String { fields[name]?.first ?? "" }
}

/// The job page's delivery sections: the technician's self-check and
/// report while in service or rework (R5.1, R5.2), then the customer's
/// answer signed on the device while the report awaits acceptance (R5.3).
struct DeliveryJobSection: Sendable {
    struct Indicator: Sendable {
        let id: String
        let field: String
        let whyField: String
        let name: String
        let passWhen: String
        let passed: Bool
        let failed: Bool
        let justification: String
        let indicatorError: String?
    }

    struct Criteria: Sendable {
        let name: String
        let method: String
        let indicators: [Indicator]
    }

    struct Upload: Sendable {
        let id: String
        let name: String
    }

    let number: String
    let uploadURL: String
    let canReport: Bool
    let reworkReasons: String?
    let reportMessages: [String]
    let criteria: [Criteria]
    let workDone: String
    let workDoneError: String?
    let results: String
    let resultsError: String?
    let feedback: String
    let feedbackError: String?
    let materials: [JobPageView.MaterialField]
    let materialsError: String?
    let methods: [Choice]
    let uploads: [Upload]
    let uploadsError: String?
    /// The report awaiting the customer's answer, shown above the signature pad.
    let awaiting: DeliveryRoundView?
    let canSign: Bool
    let periodOverNote: String?
    let acceptanceMessages: [String]
    let signerName: String
    let signerError: String?
    let reasons: String
    let reasonsError: String?
    let signature: String
    let strokes: String
    let signatureError: String?

    var shown: Bool { canReport || awaiting != nil }

    init(_ view: DeliveryView, job: JobView, visit: ConsoleVisit, zone: TimeZone, typed: DeliveryJobTyped?, now: Date) {
        let language = visit.language
        let order = view.order
        let number = order.number
        self.number = number
        uploadURL = "/console/orders/\(ConsoleForm.percentEncoded(number))/attachments"
        let report = typed?.form == .report ? typed : nil
        let answer = typed?.form == .acceptance ? typed : nil
        // Problems go beside their field; the rest above the form.
        var unplaced = report?.problems ?? []
        func take(_ matches: (String) -> Bool) -> String? {
            let found = unplaced.filter { matches($0.field) }
            unplaced.removeAll { matches($0.field) }
            return found.isEmpty ? nil : found.map { $0.message.text(in: language) }.joined(separator: " ")
        }
        let serving = order.status == .inService && job.checkedInAt != nil
        canReport = job.isOwnJob && (serving || order.status == .rework)
        reworkReasons =
            order.status == .rework ? view.reports.last { $0.status == .rejected }?.acceptance?.reasons : nil
        criteria = view.standards.map { item in
            Criteria(
                name: item.name.text(in: language), method: item.acceptance?.method.text(in: language) ?? "",
                indicators: (item.acceptance?.indicators ?? []).enumerated().map { index, indicator in
                    let field = Self.checkField(item: item.code, indicator: indicator.code)
                    let why = Self.whyField(item: item.code, indicator: indicator.code)
                    let choice = report?.value(field) ?? ""
                    return Indicator(
                        id: "sc-\(item.code)-\(index)", field: field, whyField: why,
                        name: indicator.name.text(in: language), passWhen: indicator.passWhen.text(in: language),
                        passed: choice == "passed", failed: choice == "failed", justification: report?.value(why) ?? "",
                        indicatorError: take { $0 == "selfChecks.\(item.code).\(indicator.code)" })
                })
        }
        // A first report starts from the last service record: the technician
        // wrote the work and the materials down already.
        let record = job.sheet.records.reversed().lazy.compactMap { recorded -> ServiceRecord? in
            guard case .serviceRecord(let record) = recorded.entry, job.sheet.correctedBy[recorded.sequence] == nil
            else { return nil }
            return record
        }.first
        let prefill = report == nil && view.reports.isEmpty ? record : nil
        workDone = report?.value("workDone") ?? prefill?.workDone ?? ""
        workDoneError = take { $0 == "workDone" }
        results = report?.value("results") ?? ""
        resultsError = take { $0 == "results" }
        feedback = report?.value("customerFeedback") ?? prefill?.customerFeedback ?? ""
        feedbackError = take { $0 == "customerFeedback" }
        materials = (0..<DeliveryForms.materialRows).map { index in
            let material = prefill.flatMap { index < $0.materials.count ? $0.materials[index] : nil }
            return JobPageView.MaterialField(
                index: index, name: report?.value("material\(index)") ?? material?.name ?? "",
                quantity: report?.value("quantity\(index)") ?? material?.quantityText ?? "",
                unit: report?.value("unit\(index)") ?? material?.unit ?? "")
        }
        materialsError = take { $0.hasPrefix("materials") }
        let method = report.flatMap { DeliveryMethod(rawValue: $0.value("method")) } ?? .onSite
        methods = DeliveryMethod.allCases.map {
            Choice(value: $0.rawValue, label: $0.label.text(in: language), selected: $0 == method)
        }
        uploads = (report?.fields["attachment"] ?? []).compactMap { text in
            UUID(uuidString: text).flatMap(view.attachment).map { Upload(id: text, name: $0.fileName) }
        }
        uploadsError = take { $0.hasPrefix("attachmentIds") }
        reportMessages = unplaced.map { $0.message.text(in: language) }

        let current = view.current.flatMap { $0.status == .awaiting ? $0 : nil }
        awaiting = current.map { report in
            DeliveryRoundView(
                report, of: view, language: language, t: visit.t, zone: zone, names: job.actorNames,
                href: { "/console/attachments/\($0.uuidString)" })
        }
        let open = view.openReport(at: now) != nil
        canSign = open && (job.isOwnJob || visit.caller.may(.handleDelivery, storeCode: order.storeCode))
        periodOverNote =
            current != nil && !open
            ? (visit.t["delivery_periodOver"] ?? "") + " "
                + ConsoleDates.instant(current?.acceptanceDueAt ?? now, in: zone) : nil
        var answerProblems = answer?.problems ?? []
        func answerTake(_ field: String) -> String? {
            let found = answerProblems.filter { $0.field == field }
            answerProblems.removeAll { $0.field == field }
            return found.isEmpty ? nil : found.map { $0.message.text(in: language) }.joined(separator: " ")
        }
        signerName = answer?.value("signerName") ?? ""
        signerError = answerTake("signerName")
        reasons = answer?.value("reasons") ?? ""
        reasonsError = answerTake("reasons")
        signature = answer?.value("signature") ?? ""
        strokes = answer?.value("strokes") ?? ""
        signatureError = answerTake("signature")
        acceptanceMessages = answerProblems.map { $0.message.text(in: language) }
    }

    static func checkField(item: String, indicator: String) -> String { "check/\(item)/\(indicator)" }
    static func whyField(item: String, indicator: String) -> String { "why/\(item)/\(indicator)" }
}

import Foundation
import OrderFlowApp
import OrderFlowCore

/// One round of an order's delivery report as the pages show it (R5.1–R5.3):
/// the self-check, the work and its results, the files, and the customer's
/// answer. The same view serves the order page, the printable report, the
/// job page and the customer's link; only the address of the files differs.
struct DeliveryRoundView: Sendable {
    struct Check: Sendable {
        let item: String
        let indicator: String
        let passWhen: String
        let passed: Bool
        let justificationText: String?
    }

    struct File: Sendable {
        let href: String
        let name: String
        /// Photos show as thumbnails; a PDF as a link.
        let image: Bool
    }

    struct Answer: Sendable {
        let accepted: Bool
        let decision: String
        let via: String
        let signerName: String?
        let signatureHref: String?
        let rejectionReasons: String?
        let photos: [File]
        let hasPhotos: Bool
        let answerRecordedBy: String?
        let at: String
    }

    let round: Int
    let status: String
    let statusLabel: String
    // Optional fields carry names no page uses: Mustache looks a nil one up
    // in the enclosing contexts.
    /// Nil on the customer's page: they see what was done, not who in the company typed it.
    let submitter: String?
    let submittedAt: String
    let due: String
    let method: String
    let checks: [Check]
    let hasChecks: Bool
    let workDone: String
    let results: String
    let materials: [String]
    let hasMaterials: Bool
    let customerFeedback: String?
    let files: [File]
    let hasFiles: Bool
    let answer: Answer?
    let lapsedNote: String?

    /// `names` turns actors (`staff:sh.tech1`) into people's names; nil hides them.
    init(
        _ report: DeliveryReport, of view: DeliveryView, language: Language, t: [String: String],
        zone: TimeZone, names: [String: String]?, href: (UUID) -> String
    ) {
        func files(_ ids: [UUID]) -> [File] {
            ids.compactMap { id in
                view.attachment(id).map { File(href: href(id), name: $0.fileName, image: $0.type != .pdf) }
            }
        }
        // Only people are named: the link and the lapse are said by `via`.
        func person(_ actor: String) -> String? {
            guard let names, actor.hasPrefix("staff:") else { return nil }
            return names[actor] ?? String(actor.dropFirst("staff:".count))
        }
        let items = Dictionary(view.standards.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        round = report.round
        status = report.status.rawValue
        statusLabel = report.status.label.text(in: language)
        submitter = person(report.submittedBy)
        submittedAt = ConsoleDates.instant(report.submittedAt, in: zone)
        due = ConsoleDates.instant(report.acceptanceDueAt, in: zone)
        method = report.draft.method.label.text(in: language)
        checks = report.draft.selfChecks.flatMap { check in
            check.check.results.map { result in
                let item = items[check.itemCode]
                let indicator = item?.acceptance?.indicators.first { $0.code == result.code }
                return Check(
                    item: item?.name.text(in: language) ?? check.itemCode,
                    indicator: indicator?.name.text(in: language) ?? result.code,
                    passWhen: indicator?.passWhen.text(in: language) ?? "", passed: result.passed,
                    justificationText: result.justification?.trimmedOrNil)
            }
        }
        hasChecks = !checks.isEmpty
        workDone = report.draft.workDone
        results = report.draft.results
        materials = report.draft.materials.map { "\($0.name) \($0.quantityText) \($0.unit)" }
        hasMaterials = !materials.isEmpty
        customerFeedback = report.draft.customerFeedback.trimmedOrNil
        self.files = files(report.draft.attachmentIDs)
        hasFiles = !self.files.isEmpty
        answer = report.acceptance.map { acceptance in
            let photos = files(acceptance.photoIDs)
            return Answer(
                accepted: acceptance.decision == .accepted,
                decision: (acceptance.decision == .accepted ? t["delivery_accepted"] : t["delivery_rejected"]) ?? "",
                via: acceptance.via.label.text(in: language), signerName: acceptance.signerName?.trimmedOrNil,
                signatureHref: acceptance.signatureID.map(href), rejectionReasons: acceptance.reasons.trimmedOrNil,
                photos: photos, hasPhotos: !photos.isEmpty, answerRecordedBy: person(acceptance.recordedBy),
                at: ConsoleDates.instant(acceptance.at, in: zone))
        }
        lapsedNote = report.lapsedAt.map { at in
            ConsoleDates.instant(at, in: zone) + " · " + (report.lapseAction?.label.text(in: language) ?? "")
        }
    }
}

extension DeliveryView {
    /// When and how the order was delivered (R5.5), from its accepted report.
    var delivered: (at: Date, method: DeliveryMethod)? {
        guard let report = accepted, let at = report.acceptance?.at else { return nil }
        return (at, report.draft.method)
    }

    /// The report the customer may still answer: awaiting, within its
    /// period, and not handled as lapsed.
    func openReport(at now: Date) -> DeliveryReport? {
        guard let report = current, report.status == .awaiting, report.lapsedAt == nil,
            now <= report.acceptanceDueAt
        else { return nil }
        return report
    }
}

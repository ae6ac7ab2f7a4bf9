import Foundation
import OrderFlowApp
import OrderFlowCore

/// One job as the technician's phone shows it (R3.4–R3.8, B2).
struct JobPageView: Sendable {
    struct Tick: Sendable {
        let item: String
        let code: String
        let name: String
        let kind: String
        let done: Bool
    }

    struct Item: Sendable {
        let name: String
        let specification: String
        let standard: String
        let safety: String
    }

    struct Entry: Sendable {
        let sequence: Int
        /// Its place among the job's records (1, 2, …), as people refer to it.
        let number: Int
        let when: String
        let by: String
        let text: String
        /// For service records: the lines of materials, and whether a later record corrects it.
        let materials: [String]
        let corrected: Bool
        let correction: String?
        let workDone: String
        let feedback: String
        let materialFields: [MaterialField]
    }

    struct MaterialField: Sendable {
        let index: Int
        let name: String
        let quantity: String
        let unit: String
    }

    let number: String
    let status: String
    let statusLabel: String
    let appointment: String
    let assignedTime: String
    let customer: String
    let address: String
    let masked: Bool
    let notes: String
    let items: [Item]
    let ticks: [Tick]
    let checklistComplete: Bool
    let checklistRequired: Bool
    let contacts: [Entry]
    let surveys: [Entry]
    let records: [Entry]
    let checkedIn: String?
    let checkedOut: String?
    let canPrepare: Bool
    let canCheckIn: Bool
    let canCheckOut: Bool
    let canRecord: Bool
    /// The contact card shows while preparing, or when something was recorded on it.
    let showContact: Bool
    let blankMaterials: [MaterialField]

    init(_ job: JobView, store: Store?, zone: TimeZone, visit: ConsoleVisit) {
        let language = visit.language
        let order = job.order.order
        let sheet = job.sheet
        let status = order.status
        let own = job.isOwnJob
        number = order.number
        self.status = status.rawValue
        statusLabel = status.label.text(in: language)
        appointment = ConsoleDates.window(order.appointment.start, order.appointment.end, in: zone)
        assignedTime = ConsoleDates.window(job.assignment.start, job.assignment.end, in: zone)
        customer = "\(order.customer.name) \(order.customer.phone)"
        address =
            order.customer.address.map { [$0.province, $0.city, $0.district, $0.detail].joined(separator: " ") } ?? ""
        masked = job.order.personalData == .masked
        notes = order.notes
        items = order.lines.map { line in
            let item = job.items.first { $0.code == line.itemCode }
            return Item(
                name: "\(item?.name.text(in: language) ?? line.itemCode) × \(line.quantity)",
                specification: line.specification,
                standard: item?.preparation.serviceStandard.text(in: language) ?? "",
                safety: item?.preparation.safetyNotes.text(in: language) ?? "")
        }
        ticks = job.items.flatMap { item in
            item.preparation.checklist.map { entry in
                Tick(
                    item: item.code, code: entry.code, name: entry.name.text(in: language),
                    kind: entry.kind.label.text(in: language), done: sheet.ticked.contains("\(item.code)/\(entry.code)")
                )
            }
        }
        checklistComplete = job.missingTicks.isEmpty
        checklistRequired = job.checklistRequiredBeforeCheckIn
        func when(_ recorded: RecordedJobEntry) -> String { ConsoleDates.instant(recorded.at, in: zone) }
        func who(_ recorded: RecordedJobEntry) -> String { job.actorNames[recorded.by] ?? recorded.by }
        contacts = sheet.contacts.compactMap { recorded in
            guard case .contact(let contact) = recorded.entry else { return nil }
            var text = "\(contact.method.label.text(in: language)) · \(contact.result.label.text(in: language))"
            if let start = contact.agreedStart, let end = contact.agreedEnd {
                text += " · " + ConsoleDates.window(start, end, in: zone)
            }
            if !contact.note.isEmpty { text += " · \(contact.note)" }
            return Entry.plain(recorded, when: when(recorded), by: who(recorded), text: text)
        }
        surveys = sheet.surveys.compactMap { recorded in
            guard case .siteSurvey(let survey) = recorded.entry else { return nil }
            let date = survey.preferredDate.map { "\($0) · " } ?? ""
            return Entry.plain(recorded, when: when(recorded), by: who(recorded), text: date + survey.note)
        }
        // Records are numbered 1, 2, … on the page; corrections refer to the
        // timeline's sequence, which the forms carry.
        let ordinal = Dictionary(
            uniqueKeysWithValues: sheet.records.enumerated().map { ($0.element.sequence, $0.offset + 1) })
        records = sheet.records.compactMap { recorded in
            guard case .serviceRecord(let record) = recorded.entry else { return nil }
            let correction = record.corrects.map { corrects in
                visit.text("job_correctionOf", ["record": String(ordinal[corrects] ?? corrects)]) + " · "
                    + (record.correctionReason ?? "")
            }
            return Entry(
                sequence: recorded.sequence, number: ordinal[recorded.sequence] ?? 0, when: when(recorded),
                by: who(recorded), text: record.workDone,
                materials: record.materials.map { "\($0.name) \($0.quantityText) \($0.unit)" },
                corrected: sheet.correctedBy[recorded.sequence] != nil, correction: correction,
                workDone: record.workDone, feedback: record.customerFeedback,
                materialFields: (0..<3).map { index in
                    let material = index < record.materials.count ? record.materials[index] : nil
                    return MaterialField(
                        index: index, name: material?.name ?? "", quantity: material?.quantityText ?? "",
                        unit: material?.unit ?? "")
                })
        }
        checkedIn = job.checkedInAt.map { ConsoleDates.instant($0, in: zone) }
        checkedOut = job.checkedOutAt.map { ConsoleDates.instant($0, in: zone) }
        let preparing = status == .assigned || status == .preparing
        canPrepare = own && preparing
        canCheckIn = own && preparing && job.checkedInAt == nil
        canCheckOut = own && status == .inService && job.checkedInAt != nil && job.checkedOutAt == nil
        canRecord = own && job.checkedInAt != nil
        showContact = canPrepare || !contacts.isEmpty || !surveys.isEmpty
        blankMaterials = (0..<3).map { MaterialField(index: $0, name: "", quantity: "", unit: "") }
    }
}

extension JobPageView.Entry {
    static func plain(_ recorded: RecordedJobEntry, when: String, by: String, text: String) -> Self {
        Self(
            sequence: recorded.sequence, number: 0, when: when, by: by, text: text, materials: [], corrected: false,
            correction: nil, workDone: "", feedback: "", materialFields: [])
    }
}

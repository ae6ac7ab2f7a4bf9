import Foundation
import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore

/// Jobs in and out of the API's JSON shapes.
extension Components.Schemas.Job {
    init(_ job: JobView, language: Language) {
        let sheet = job.sheet
        let items: [Components.Schemas.JobItem] = job.items.map { item in
            .init(
                itemCode: item.code, name: item.name.text(in: language),
                checklist: item.preparation.checklist.map { entry in
                    .init(
                        code: entry.code, kind: .init(rawValue: entry.kind.rawValue) ?? .tool,
                        name: entry.name.text(in: language), done: sheet.ticked.contains("\(item.code)/\(entry.code)"))
                },
                serviceStandard: item.preparation.serviceStandard.text(in: language),
                safetyNotes: item.preparation.safetyNotes.text(in: language))
        }
        let recorded =
            (sheet.contacts + sheet.surveys + [sheet.checkedIn, sheet.checkedOut].compactMap { $0 }
            + sheet.records).sorted { $0.sequence < $1.sequence }
        self.init(
            order: .init(job.order, language: language),
            assignment: .init(
                job.assignment, checkedInAt: job.checkedInAt, checkedOutAt: job.checkedOutAt, language: language),
            items: items,
            records: recorded.compactMap { Components.Schemas.JobRecord($0, correctedBy: sheet.correctedBy) },
            checklistComplete: job.missingTicks.isEmpty,
            checklistRequiredBeforeCheckIn: job.checklistRequiredBeforeCheckIn, ownJob: job.isOwnJob)
    }
}

extension Components.Schemas.JobRecord {
    init?(_ recorded: RecordedJobEntry, correctedBy: [Int: Int]) {
        var kind: KindPayload
        var contact: Components.Schemas.ContactConfirmation?
        var survey: Components.Schemas.SiteSurveyRequest?
        var location: Components.Schemas.LocationReport?
        var record: Components.Schemas.ServiceRecordInput?
        switch recorded.entry {
        case .contact(let value):
            kind = .contact
            contact = .init(
                method: .init(rawValue: value.method.rawValue) ?? .phone,
                result: .init(rawValue: value.result.rawValue) ?? .confirmed, note: value.note,
                agreedStart: value.agreedStart, agreedEnd: value.agreedEnd)
        case .siteSurvey(let value):
            kind = .siteSurvey
            survey = .init(note: value.note, preferredDate: value.preferredDate?.description)
        case .checkIn(let point), .checkOut(let point):
            if case .checkIn = recorded.entry { kind = .checkIn } else { kind = .checkOut }
            location = point.map { .init(latitude: $0.latitude, longitude: $0.longitude, accuracy: $0.accuracy) }
        case .serviceRecord(let value):
            kind = .serviceRecord
            record = .init(
                workDone: value.workDone,
                materials: value.materials.map { .init(name: $0.name, quantity: $0.quantityText, unit: $0.unit) },
                customerFeedback: value.customerFeedback, corrects: value.corrects,
                correctionReason: value.correctionReason)
        case .checklistTick: return nil
        }
        self.init(
            sequence: recorded.sequence, kind: kind, at: recorded.at, by: recorded.by, contact: contact,
            siteSurvey: survey, location: location, serviceRecord: record, correctedBy: correctedBy[recorded.sequence])
    }
}

extension Components.Schemas.LocationReport {
    /// The location, when the device sent one: both coordinates or none.
    var point: GeoPoint? {
        guard latitude != nil || longitude != nil else { return nil }
        return GeoPoint(latitude: latitude ?? .nan, longitude: longitude ?? .nan, accuracy: accuracy)
    }
}

extension Components.Schemas.ServiceRecordInput {
    var record: ServiceRecord {
        ServiceRecord(
            workDone: workDone,
            materials: (materials ?? []).map {
                MaterialUsed(
                    name: $0.name, quantityMilli: MaterialUsed.quantityMilli(from: $0.quantity) ?? 0, unit: $0.unit)
            }, customerFeedback: customerFeedback ?? "", corrects: corrects, correctionReason: correctionReason)
    }
}

extension Components.Schemas.ContactConfirmation {
    var contact: ContactConfirmation {
        ContactConfirmation(
            method: ContactMethod(rawValue: method.rawValue) ?? .phone,
            result: ContactResult(rawValue: result.rawValue) ?? .confirmed, note: note ?? "", agreedStart: agreedStart,
            agreedEnd: agreedEnd)
    }
}

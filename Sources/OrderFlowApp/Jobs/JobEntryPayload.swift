import Foundation
import OrderFlowCore

/// A `JobEntry` as stored in the event log: flat, every field optional, so
/// that a new kind of entry never breaks reading old ones.
public struct JobEntryPayload: OrderEventPart {
    public static let key = "job"

    public var contact: ContactConfirmation?
    public var siteSurvey: SiteSurveyRequest?
    public var itemCode: String?
    public var checklistEntry: String?
    public var done: Bool?
    public var location: GeoPoint?
    public var record: ServiceRecord?

    public init(_ entry: JobEntry) {
        switch entry {
        case .contact(let contact): self.contact = contact
        case .siteSurvey(let survey): siteSurvey = survey
        case .checklistTick(let item, let entry, let done):
            itemCode = item
            checklistEntry = entry
            self.done = done
        case .checkIn(let location), .checkOut(let location): self.location = location
        case .serviceRecord(let record): self.record = record
        }
    }

    /// The entry again, given the event type it was stored under.
    public func entry(of type: OrderEventType) -> JobEntry? {
        switch type {
        case .contactLogged: contact.map(JobEntry.contact)
        case .siteSurveyRequested: siteSurvey.map(JobEntry.siteSurvey)
        case .checklistTicked:
            itemCode.flatMap { item in
                checklistEntry.map { JobEntry.checklistTick(itemCode: item, entry: $0, done: done ?? true) }
            }
        case .checkedIn: .checkIn(location: location)
        case .checkedOut: .checkOut(location: location)
        case .serviceRecorded: record.map(JobEntry.serviceRecord)
        default: nil
        }
    }

    public static func eventType(of entry: JobEntry) -> OrderEventType {
        switch entry {
        case .contact: .contactLogged
        case .siteSurvey: .siteSurveyRequested
        case .checklistTick: .checklistTicked
        case .checkIn: .checkedIn
        case .checkOut: .checkedOut
        case .serviceRecord: .serviceRecorded
        }
    }
}

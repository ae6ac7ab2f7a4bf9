import Foundation

/// A job entry as recorded: which entry of the timeline, when, by whom.
public struct RecordedJobEntry: Hashable, Sendable {
    public var sequence: Int
    public var at: Date
    public var by: String
    public var entry: JobEntry

    public init(sequence: Int, at: Date, by: String, entry: JobEntry) {
        self.sequence = sequence
        self.at = at
        self.by = by
        self.entry = entry
    }
}

/// Everything recorded on one job, folded from its entries in order: what
/// the technician's job view and the check-in gate read (R3.4–R3.8).
public struct JobSheet: Hashable, Sendable {
    public var contacts: [RecordedJobEntry] = []
    public var surveys: [RecordedJobEntry] = []
    /// Ticked entries, as `itemCode/entry`.
    public var ticked: Set<String> = []
    public var checkedIn: RecordedJobEntry?
    public var checkedOut: RecordedJobEntry?
    /// Every record, oldest first; corrected ones stay, marked by `correctedBy`.
    public var records: [RecordedJobEntry] = []
    /// Record sequence → the sequence of the record that corrects it.
    public var correctedBy: [Int: Int] = [:]

    public init(_ entries: [RecordedJobEntry]) {
        for recorded in entries.sorted(by: { $0.sequence < $1.sequence }) {
            switch recorded.entry {
            case .contact: contacts.append(recorded)
            case .siteSurvey: surveys.append(recorded)
            case .checklistTick(let item, let entry, let done):
                if done { ticked.insert("\(item)/\(entry)") } else { ticked.remove("\(item)/\(entry)") }
            case .checkIn: if checkedIn == nil { checkedIn = recorded }
            case .checkOut: if checkedOut == nil { checkedOut = recorded }
            case .serviceRecord(let record):
                if let old = record.corrects { correctedBy[old] = recorded.sequence }
                records.append(recorded)
            }
        }
    }

    /// The checklist entries of these items not ticked yet.
    public func missingTicks(of items: [ServiceItem]) -> [(item: ServiceItem, entry: ChecklistEntry)] {
        items.flatMap { item in
            item.preparation.checklist.filter { !ticked.contains("\(item.code)/\($0.code)") }.map { (item, $0) }
        }
    }

    /// The records that stand: those no later record corrects.
    public var currentRecords: [RecordedJobEntry] { records.filter { correctedBy[$0.sequence] == nil } }

    /// The last contact said the customer confirmed or agreed a new time.
    public var contactConfirmed: Bool {
        guard case .contact(let last)? = contacts.last?.entry else { return false }
        return last.result == .confirmed || last.result == .rescheduled
    }
}

import Foundation

/// Which stage an order is in, and since when, read from its timeline
/// (R4.1, R4.4): each stage starts with the event that ends the one before.
/// The deadline monitor and the stage clocks on the order page read this.
public enum StageTimeline {
    /// A timeline entry as the stages need it: what happened, and when.
    public struct Entry: Hashable, Sendable {
        public var type: OrderEventType
        public var at: Date
        /// For contacts: whether the customer confirmed (or agreed a new time).
        public var contactConfirmed: Bool
        /// For pauses: why the order waits.
        public var reason: String

        public init(type: OrderEventType, at: Date, contactConfirmed: Bool = false, reason: String = "") {
            self.type = type
            self.at = at
            self.contactConfirmed = contactConfirmed
            self.reason = reason
        }
    }

    public struct Current: Hashable, Sendable {
        public var stage: TrackingStage
        public var since: Date
        /// The pauses of this stage, the last one open while the order still waits.
        public var pauses: [ClockPause]

        public init(stage: TrackingStage, since: Date, pauses: [ClockPause] = []) {
            self.stage = stage
            self.since = since
            self.pauses = pauses
        }

        public var isPaused: Bool { pauses.last.map { $0.until == nil } ?? false }
    }

    /// The stage running after these entries (oldest first), or nil when
    /// the order is closed or in a stage without a limit yet.
    public static func current(after entries: [Entry]) -> Current? {
        var current: Current?
        for entry in entries {
            switch entry.type {
            case .received: current = Current(stage: .review, since: entry.at)
            case .reviewRequested: if current == nil { current = Current(stage: .review, since: entry.at) }
            case .autoConfirmed, .approved, .unassigned: current = Current(stage: .dispatch, since: entry.at)
            case .assigned, .reassigned: current = Current(stage: .customerContact, since: entry.at)
            case .contactLogged where entry.contactConfirmed && current?.stage == .customerContact:
                current = Current(stage: .arrival, since: entry.at)
            case .rescheduled:
                // The new time is agreed: the technician's next step is arriving.
                if current?.stage == .customerContact || current?.stage == .arrival {
                    current = Current(stage: .arrival, since: entry.at)
                }
            case .checkedIn: current = Current(stage: .service, since: entry.at)
            // A report signed on site before check-out has already moved on.
            case .checkedOut where current?.stage == .service:
                current = Current(stage: .deliveryReport, since: entry.at)
            case .reportSubmitted: current = Current(stage: .acceptance, since: entry.at)
            case .acceptanceRejected: current = Current(stage: .rework, since: entry.at)
            case .delivered: current = Current(stage: .settlement, since: entry.at)
            case .rejected, .cancelled: current = nil
            case .clockPaused:
                guard var running = current, !running.isPaused else { break }
                running.pauses.append(ClockPause(from: entry.at, until: nil, reason: entry.reason))
                current = running
            case .clockResumed:
                guard var running = current, running.isPaused, let last = running.pauses.indices.last else { break }
                running.pauses[last].until = entry.at
                current = running
            case .contactLogged, .siteSurveyRequested, .checklistTicked, .serviceRecorded, .followUpCreated,
                .followUpContacted, .followUpClosed, .feedbackReceived, .problemOpened, .problemUpdated,
                .customerInformed, .problemResolved, .checkedOut, .accepted, .acceptanceLapsed, .reworkAssigned,
                .claimAccepted, .claimDeclined, .claimUpdated, .claimProgressSent, .claimRepairOpened, .claimClosed:
                break
            }
        }
        return current
    }
}

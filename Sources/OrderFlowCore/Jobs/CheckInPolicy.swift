import Foundation

/// When a technician may check in (R3.7: execution at the agreed time).
/// Checking in long before the planned start is almost always a tap on the
/// wrong job, and it would start the service clock early, so it is refused;
/// arriving late is allowed (and is what tracking's time limits measure).
public enum CheckInPolicy {
    public static let opensBefore: TimeInterval = 2 * 3600

    /// The earliest instant check-in opens for a job planned to start at `start`.
    public static func opens(forJobStartingAt start: Date) -> Date { start.addingTimeInterval(-opensBefore) }
}

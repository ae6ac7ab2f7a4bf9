import Foundation

/// One piece of background work of the runner (`JobRunner`): a name, how
/// long after a run the next is due, how long one run may hold the job, and
/// the work. The work must be safe to run again after an instance died
/// half-way: each job commits its progress in small transactions, so the
/// instance that takes the job over resumes where the other stopped.
public struct BackgroundJob: Sendable {
    public var name: String
    public var interval: Duration
    /// Renewed while the run lasts (every third of it); after a crash, how
    /// long the other instances wait before one takes the job over. Short,
    /// so that alerts and messages are late by seconds, not a minute, when
    /// an instance dies.
    public var lease: Duration
    public var work: @Sendable () async throws -> Void

    public init(
        name: String, interval: Duration, lease: Duration = .seconds(15),
        work: @escaping @Sendable () async throws -> Void
    ) {
        self.name = name
        self.interval = interval
        self.lease = lease
        self.work = work
    }
}

extension Duration {
    /// Whole and fractional seconds, for adding to a `Date`.
    var seconds: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}

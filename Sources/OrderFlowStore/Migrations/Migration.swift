import SQLKit

/// One numbered schema change. Once landed it is never edited: a later
/// change is a new migration (DESIGN.md §3).
public struct Migration: Sendable {
    public var number: Int
    public var name: String
    /// Statements per engine; most are shared, a few (triggers) differ.
    public var statements: @Sendable (DatabaseEngine) -> [String]

    public init(number: Int, name: String, statements: @escaping @Sendable (DatabaseEngine) -> [String]) {
        self.number = number
        self.name = name
        self.statements = statements
    }
}

/// Every migration, in order.
public enum Migrations {
    public static let all: [Migration] = [
        Migration0001Intake.migration,
        Migration0002AuditLog.migration,
        Migration0003APITokens.migration,
        Migration0004Staff.migration,
        Migration0005Sessions.migration,
        Migration0006TechnicianProfiles.migration,
        Migration0007OnlineBooking.migration,
        Migration0008StaffLanguage.migration,
        Migration0009Dispatch.migration,
        Migration0010Deadlines.migration,
        Migration0011Notifications.migration,
        Migration0012Aftercare.migration,
        Migration0013Delivery.migration,
        Migration0014EventHeads.migration,
        Migration0015DeliveryClaims.migration,
        Migration0016RequestReplays.migration,
        Migration0017BackgroundJobs.migration,
    ]
}

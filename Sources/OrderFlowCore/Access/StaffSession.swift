import Foundation

/// A signed-in console session. The secret lives only in the browser's
/// cookie; the database keeps its SHA-256.
public struct StaffSession: Hashable, Sendable {
    public var staffID: UUID
    /// Sent back by the console with every change (header or form field);
    /// a forged cross-site request cannot know it.
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date
    public var lastSeenAt: Date
    public var endedAt: Date?

    public init(
        staffID: UUID, csrfToken: String, createdAt: Date, expiresAt: Date, lastSeenAt: Date, endedAt: Date? = nil
    ) {
        self.staffID = staffID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastSeenAt = lastSeenAt
        self.endedAt = endedAt
    }

    /// Not signed out, not past its lifetime, not idle too long.
    public func isLive(at instant: Date) -> Bool {
        endedAt == nil && instant < expiresAt && instant < lastSeenAt.addingTimeInterval(SignInPolicy.idleTimeout)
    }
}

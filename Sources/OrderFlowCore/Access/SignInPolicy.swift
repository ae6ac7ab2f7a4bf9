import Foundation

/// Limits on signing in and on sessions (issue: people and access control).
/// Failed attempts are counted in the database, so every server instance
/// sees the same count.
public enum SignInPolicy {
    /// Failed attempts on one account from one network address within
    /// `window` before the account is locked there (elsewhere it is not, so
    /// nobody can lock a colleague out by guessing from their own machine).
    public static let failuresBeforeLockout = 5
    /// Failed attempts from one network address within `window` before it
    /// must wait: stops one machine trying many accounts.
    public static let failuresPerSource = 20
    public static let window: TimeInterval = 15 * 60
    public static let lockout: TimeInterval = 15 * 60
    /// A session ends this long after sign-in, whatever happens.
    public static let sessionLifetime: TimeInterval = 12 * 3600
    /// … and this long after its last use.
    public static let idleTimeout: TimeInterval = 2 * 3600
    /// Last use is written at most this often, to keep reads cheap.
    public static let touchInterval: TimeInterval = 5 * 60

    /// Where to go after signing in: only a path on this site. Anything
    /// else (another host, `//host`, a backslash trick, a scheme) goes home,
    /// so the login page cannot be used as an open redirect.
    public static func safeRedirect(_ target: String?, home: String = "/console") -> String {
        guard let target, target.hasPrefix("/"), !target.hasPrefix("//"), target.count <= 512,
            !target.contains("\\"), !target.contains(":"),
            target.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return home }
        return target
    }
}

import HummingbirdBcrypt
import NIOPosix

/// bcrypt for staff passwords. Hashing takes a few hundred milliseconds on
/// purpose, so it runs on NIO's blocking thread pool, never on the
/// cooperative pool that serves requests.
public enum PasswordHasher {
    /// 2¹² rounds (issue: people and access control asks for ≥ 12).
    public static let cost: UInt8 = 12

    public static func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Checks a password. Without a stored hash (unknown account, or one
    /// without a password) a decoy hash is checked instead, so that a wrong
    /// user name takes as long to refuse as a wrong password.
    public static func verify(_ password: String, against hash: String?) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive {
            guard let hash else {
                _ = Bcrypt.verify(password, hash: decoy)
                return false
            }
            return Bcrypt.verify(password, hash: hash)
        }
    }

    /// Made once, on the thread pool, the first time it is needed.
    private static let decoy = Bcrypt.hash("decoy-password-for-timing", cost: cost)
}

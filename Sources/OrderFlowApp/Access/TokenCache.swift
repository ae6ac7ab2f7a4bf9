import Foundation
import OrderFlowCore
import Synchronization

/// Tokens read in the last `lifetime`, by the hash of their secret, so that
/// a busy integration costs one database read every few seconds rather
/// than one per request (measured: −5…10 % creations/s at concurrency 64).
/// A token revoked through this instance leaves the cache at once; one
/// revoked on another instance stops working here within `lifetime`.
/// Expiry is checked on every use, cached or not.
final class TokenCache: Sendable {
    static let lifetime: TimeInterval = 2
    static let capacity = 1_024

    private struct Entry {
        var token: APIToken
        var readAt: Date
    }

    private let entries = Mutex<[String: Entry]>([:])

    func token(forHash hash: String, at now: Date) -> APIToken? {
        entries.withLock { entries in
            guard let entry = entries[hash] else { return nil }
            guard now.timeIntervalSince(entry.readAt) < Self.lifetime, now >= entry.readAt else {
                entries[hash] = nil
                return nil
            }
            return entry.token
        }
    }

    func remember(_ token: APIToken, forHash hash: String, at now: Date) {
        entries.withLock { entries in
            // Plenty for the integrations a company runs; a flood of distinct
            // tokens only ever empties the cache, never grows it.
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = Entry(token: token, readAt: now)
        }
    }

    func forget(tokenID: UUID) {
        entries.withLock { entries in entries = entries.filter { $0.value.token.id != tokenID } }
    }
}

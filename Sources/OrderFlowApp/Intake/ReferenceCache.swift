import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit
import Synchronization

/// What the automatic check, the review rules and the first deadline read
/// on every order: stores, catalog, review policy and time limits, as of
/// one reference version.
struct ReferenceSnapshot: Sendable {
    var version: Int64
    var stores: [String: Store]
    var catalog: [String: ServiceItem]
    var policy: ReviewPolicy
    /// The stage time limits: intake counts a new order's first deadline.
    var timeLimits: TimeLimitPolicy
}

/// Keeps the reference data in memory and reloads it only when the
/// database's reference version moves (another instance may have changed
/// it), so an order costs one small read instead of re-reading and decoding
/// every store and catalog item.
final class ReferenceCache: Sendable {
    private let snapshot = Mutex<ReferenceSnapshot?>(nil)

    func current(on db: any SQLDatabase) async throws -> ReferenceSnapshot {
        let version = try await SettingsRecords.referenceVersion(on: db)
        if let cached = snapshot.withLock({ $0 }), cached.version == version { return cached }
        let fresh = ReferenceSnapshot(
            version: version,
            stores: Dictionary(uniqueKeysWithValues: try await StoreRecords.all(on: db).map { ($0.code, $0) }),
            catalog: Dictionary(uniqueKeysWithValues: try await CatalogRecords.all(on: db).map { ($0.code, $0) }),
            policy: try await SettingsRecords.reviewPolicy(on: db),
            timeLimits: try await TimeLimitRecords.policy(on: db))
        snapshot.withLock { $0 = fresh }
        return fresh
    }
}

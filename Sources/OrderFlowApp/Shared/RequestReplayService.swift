import Foundation
import OrderFlowCore
import OrderFlowStore

/// Idempotency keys for every creating request (B6): within a day, the
/// same key from the same integration or account gets the first answer
/// again; the same key on another request is refused; a twin sent while
/// the first is still being answered gets a 409. Keys are scoped to the
/// caller, so two integrations cannot see each other's answers.
public struct RequestReplayService: Sendable {
    let database: any OrderFlowDatabase
    let environment: AppEnvironment

    /// How long an answer is kept under its key.
    public static let keptFor: TimeInterval = 24 * 3600
    /// A request still unanswered after this long is taken to have died with
    /// its server: its key is free again.
    public static let abandonedAfter: TimeInterval = 120

    public init(database: any OrderFlowDatabase, environment: AppEnvironment = .live) {
        self.database = database
        self.environment = environment
    }

    public enum Start: Sendable, Equatable {
        /// The first time: answer it, then `finish` or `abandon`.
        case proceed
        /// Answered before: send this again.
        case replay(status: Int, headers: [String: String], body: Data)
        /// The same key is being answered right now.
        case inFlight
        /// The key was used for another request.
        case reused
    }

    public func start(scope: String, key: String, operation: String, requestHash: String) async throws -> Start {
        let now = environment.now()
        return try await database.write { db in
            if let found = try await RequestReplayRecords.find(scope: scope, key: key, on: db) {
                let stale =
                    found.expiresAt <= now
                    || (found.status == 0 && now.timeIntervalSince(found.startedAt) > Self.abandonedAfter)
                if !stale {
                    guard found.operation == operation, found.requestHash == requestHash else { return .reused }
                    return found.status == 0
                        ? .inFlight : .replay(status: found.status, headers: found.headers, body: found.body)
                }
                try await RequestReplayRecords.remove(scope: scope, key: key, on: db)
            }
            try await RequestReplayRecords.removeExpired(before: now, on: db)
            let started = try await RequestReplayRecords.start(
                scope: scope, key: key, operation: operation, requestHash: requestHash, at: now,
                expiresAt: now.addingTimeInterval(Self.keptFor), on: db)
            return started ? .proceed : .inFlight
        }
    }

    public func finish(scope: String, key: String, status: Int, headers: [String: String], body: Data) async throws {
        try await database.write {
            try await RequestReplayRecords.finish(
                scope: scope, key: key, status: status, headers: headers, body: body, on: $0)
        }
    }

    /// The request failed: a retry with the same key may try again.
    public func abandon(scope: String, key: String) async throws {
        try await database.write { try await RequestReplayRecords.remove(scope: scope, key: key, on: $0) }
    }
}

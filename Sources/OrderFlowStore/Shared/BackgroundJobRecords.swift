import Foundation
import SQLKit

/// One job of the background-work runner as stored: its schedule, its lease
/// and its last outcome.
public struct BackgroundJobState: Hashable, Sendable {
    public var name: String
    public var dueAt: Date
    public var holder: String?
    public var leaseUntil: Date?
    public var lastStartedAt: Date?
    public var lastFinishedAt: Date?
    public var lastError: String?
    public var runs: Int
    public var failures: Int
}

/// The `background_jobs` table (migration 17): a lease per job.
public enum BackgroundJobRecords {
    /// Adds the job's row, due at once, unless it is there: once per runner start.
    public static func register(_ name: String, now: Date, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO background_jobs (name, due_at, runs, failures)
            VALUES (\(bind: name), \(bind: now.epochMilliseconds), 0, 0)
            ON CONFLICT (name) DO NOTHING
            """
        ).run()
    }

    /// Whether `holder` could take the job now: a read, so that an idle
    /// runner's poll costs no write transaction (on SQLite, no turn of the
    /// one writer and no fsync). `take` decides; this only filters.
    public static func mayTake(_ name: String, holder: String, now: Date, on db: any SQLDatabase) async throws
        -> Bool
    {
        guard
            let row = try await db.raw(
                "SELECT due_at, lease_until, holder FROM background_jobs WHERE name = \(bind: name)"
            ).first()
        else { return true }
        let due = try row.int("due_at") <= now.epochMilliseconds
        let free =
            try (row.optionalInt("lease_until") ?? 0) < now.epochMilliseconds || row.optionalText("holder") == holder
        return due && free
    }

    /// Takes the job for `holder` until `leaseUntil` when it is due and no
    /// one else holds a live lease; true when taken. One statement, so two
    /// instances asking at once cannot both win. The row must be registered.
    public static func take(
        _ name: String, holder: String, now: Date, leaseUntil: Date, on db: any SQLDatabase
    ) async throws -> Bool {
        let rows = try await db.raw(
            """
            UPDATE background_jobs
            SET holder = \(bind: holder), lease_until = \(bind: leaseUntil.epochMilliseconds),
                last_started_at = \(bind: now.epochMilliseconds)
            WHERE name = \(bind: name) AND due_at <= \(bind: now.epochMilliseconds)
              AND (lease_until IS NULL OR lease_until < \(bind: now.epochMilliseconds) OR holder = \(bind: holder))
            RETURNING name
            """
        ).all()
        return !rows.isEmpty
    }

    /// Keeps a long run's lease alive; false when another holder has it now.
    public static func renew(_ name: String, holder: String, leaseUntil: Date, on db: any SQLDatabase)
        async throws -> Bool
    {
        let rows = try await db.raw(
            """
            UPDATE background_jobs SET lease_until = \(bind: leaseUntil.epochMilliseconds)
            WHERE name = \(bind: name) AND holder = \(bind: holder)
            RETURNING name
            """
        ).all()
        return !rows.isEmpty
    }

    /// Ends a run: the lease is given back and the next run is due at
    /// `nextDue`. Only the holder ends it; false when the lease was lost.
    @discardableResult
    public static func finish(
        _ name: String, holder: String, at now: Date, nextDue: Date, error: String?, on db: any SQLDatabase
    ) async throws -> Bool {
        let failed = error == nil ? 0 : 1
        let rows = try await db.raw(
            """
            UPDATE background_jobs
            SET holder = NULL, lease_until = NULL, due_at = \(bind: nextDue.epochMilliseconds),
                last_finished_at = \(bind: now.epochMilliseconds), last_error = \(bind: error),
                runs = runs + 1, failures = failures + \(bind: failed)
            WHERE name = \(bind: name) AND holder = \(bind: holder)
            RETURNING name
            """
        ).all()
        return !rows.isEmpty
    }

    public static func all(on db: any SQLDatabase) async throws -> [BackgroundJobState] {
        try await db.raw("SELECT * FROM background_jobs ORDER BY name").all().map { row in
            BackgroundJobState(
                name: try row.text("name"), dueAt: try row.instant("due_at"), holder: try row.optionalText("holder"),
                leaseUntil: try row.optionalInt("lease_until").map(Date.init(epochMilliseconds:)),
                lastStartedAt: try row.optionalInt("last_started_at").map(Date.init(epochMilliseconds:)),
                lastFinishedAt: try row.optionalInt("last_finished_at").map(Date.init(epochMilliseconds:)),
                lastError: try row.optionalText("last_error"), runs: Int(try row.int("runs")),
                failures: Int(try row.int("failures")))
        }
    }
}

/// The background-work runner's jobs (issue 15): one row per named job with
/// when it is next due and who holds it until when. An instance runs a job
/// only after taking its row (a conditional update, no advisory lock), so
/// with several instances each run happens once; a holder that dies leaves
/// the lease to run out, and the next instance takes the job over.
enum Migration0017BackgroundJobs {
    static let migration = Migration(number: 17, name: "background-jobs") { _ in
        [
            """
            CREATE TABLE background_jobs (
                name TEXT PRIMARY KEY,
                due_at BIGINT NOT NULL,
                holder TEXT,
                lease_until BIGINT,
                last_started_at BIGINT,
                last_finished_at BIGINT,
                last_error TEXT,
                runs BIGINT NOT NULL,
                failures BIGINT NOT NULL)
            """
        ]
    }
}

/// The deadline monitor (R4.4, R4.5). `stage_watch` holds, per order with a
/// running stage, the next instant the monitor must look at it: every event
/// appended to an order sets it to "now", so the monitor reads only orders
/// that changed or fall due, through one index, however many are open.
/// `stage_alerts` holds each alert once: the unique key is the stage run
/// and the kind, so a monitor restarted mid-scan, or a second instance,
/// cannot raise it twice.
enum Migration0010Deadlines {
    static let migration = Migration(number: 10, name: "deadlines") { _ in
        [
            """
            CREATE TABLE stage_watch (
                order_id TEXT PRIMARY KEY REFERENCES orders(id),
                next_check_at BIGINT,
                stage TEXT,
                deadline_at BIGINT,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX stage_watch_next_check ON stage_watch (next_check_at)",
            """
            CREATE TABLE stage_alerts (
                id TEXT PRIMARY KEY,
                order_id TEXT NOT NULL REFERENCES orders(id),
                store_code TEXT NOT NULL,
                stage TEXT NOT NULL,
                stage_since BIGINT NOT NULL,
                kind TEXT NOT NULL,
                deadline_at BIGINT NOT NULL,
                due_at BIGINT NOT NULL,
                raised_at BIGINT NOT NULL,
                audience_json TEXT NOT NULL,
                acknowledged_at BIGINT,
                acknowledged_by TEXT,
                resolved_at BIGINT,
                UNIQUE (order_id, stage, stage_since, kind))
            """,
            "CREATE INDEX stage_alerts_store_raised ON stage_alerts (store_code, raised_at)",
            // Every order that is open today is watched from the start.
            """
            INSERT INTO stage_watch (order_id, next_check_at, updated_at)
            SELECT id, 0, 0 FROM orders WHERE status NOT IN ('settled', 'archived', 'cancelled', 'rejected')
            """,
        ]
    }
}

/// The append-only audit log of security-relevant acts: logins and failed
/// logins, lockouts, role and permission changes, tokens created and
/// revoked, personal data revealed or exported (R1.2, R1.4, R8.4). Entries
/// form one hash chain; `audit_head` holds its end, so that concurrent
/// appends queue on one row instead of forking the chain.
enum Migration0002AuditLog {
    static let migration = Migration(number: 2, name: "audit-log") { engine in
        shared + appendOnly(engine)
    }

    private static let shared = [
        """
        CREATE TABLE audit_log (
            sequence BIGINT PRIMARY KEY,
            occurred_at BIGINT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            outcome TEXT NOT NULL,
            store_code TEXT,
            subject TEXT,
            detail_json TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL)
        """,
        "CREATE INDEX audit_log_time ON audit_log (occurred_at, sequence)",
        "CREATE INDEX audit_log_actor ON audit_log (actor, sequence)",
        "CREATE INDEX audit_log_action ON audit_log (action, sequence)",
        """
        CREATE TABLE audit_head (
            id BIGINT PRIMARY KEY,
            last_sequence BIGINT NOT NULL,
            last_hash TEXT NOT NULL)
        """,
        "INSERT INTO audit_head (id, last_sequence, last_hash) VALUES (1, 0, '\(String(repeating: "0", count: 64))')",
    ]

    private static func appendOnly(_ engine: DatabaseEngine) -> [String] {
        switch engine {
        case .sqlite:
            [
                """
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
                """,
                """
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
                """,
            ]
        case .postgres:
            [
                """
                CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$
                """,
                """
                CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
                FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
                """,
            ]
        }
    }
}

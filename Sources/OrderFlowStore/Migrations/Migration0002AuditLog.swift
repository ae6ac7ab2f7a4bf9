/// The append-only audit log of security-relevant acts: logins and failed
/// logins, lockouts, role and permission changes, tokens created and
/// revoked, personal data revealed or exported (R1.2, R1.4, R8.4). Entries
/// form one hash chain; `audit_head` holds its end, so that concurrent
/// appends queue on one row instead of forking the chain.
enum Migration0002AuditLog {
    static let migration = Migration(number: 2, name: "audit-log") { engine in
        shared + AppendOnlyTriggers.statements(for: "audit_log", on: engine)
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
}

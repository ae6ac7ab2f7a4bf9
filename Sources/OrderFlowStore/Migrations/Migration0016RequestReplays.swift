/// Answers remembered for a day under an integration's `Idempotency-Key`,
/// for every creating request (problem cases, follow-ups, uploads …), so a
/// retry gets the first answer instead of a second record. `status` 0 marks
/// a request still being answered: a twin arriving meanwhile gets a 409.
enum Migration0016RequestReplays {
    static let migration = Migration(number: 16, name: "request-replays") { _ in
        [
            """
            CREATE TABLE request_replays (
                scope TEXT NOT NULL,
                idempotency_key TEXT NOT NULL,
                operation TEXT NOT NULL,
                request_hash TEXT NOT NULL,
                status BIGINT NOT NULL,
                headers_json TEXT NOT NULL,
                body_base64 TEXT NOT NULL,
                started_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                PRIMARY KEY (scope, idempotency_key))
            """,
            "CREATE INDEX request_replays_expiry ON request_replays (expires_at)",
        ]
    }
}

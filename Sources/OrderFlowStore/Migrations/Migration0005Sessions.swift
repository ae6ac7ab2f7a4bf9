/// Console sessions and sign-in attempts, in the database so that every
/// server instance shares them. A session is stored only as a SHA-256 of its
/// secret, like API tokens.
enum Migration0005Sessions {
    static let migration = Migration(number: 5, name: "sessions") { _ in
        [
            """
            CREATE TABLE sessions (
                id_hash TEXT PRIMARY KEY,
                staff_id TEXT NOT NULL REFERENCES staff(id),
                csrf_token TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL,
                ended_at BIGINT)
            """,
            "CREATE INDEX sessions_staff ON sessions (staff_id)",
            """
            CREATE TABLE sign_in_attempts (
                username TEXT NOT NULL,
                source TEXT NOT NULL,
                attempted_at BIGINT NOT NULL,
                succeeded INTEGER NOT NULL)
            """,
            "CREATE INDEX sign_in_attempts_username ON sign_in_attempts (username, attempted_at)",
            "CREATE INDEX sign_in_attempts_source ON sign_in_attempts (source, attempted_at)",
        ]
    }
}

/// API tokens for integrations: only a SHA-256 of each token is stored (the
/// tokens are 160 random bits, so a slow password hash adds nothing), with
/// its grants, expiry and revocation.
enum Migration0003APITokens {
    static let migration = Migration(number: 3, name: "api-tokens") { _ in
        [
            """
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                prefix TEXT NOT NULL UNIQUE,
                token_hash TEXT NOT NULL UNIQUE,
                grants_json TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                created_by TEXT NOT NULL,
                expires_at BIGINT,
                revoked_at BIGINT,
                revoked_by TEXT,
                last_used_at BIGINT)
            """
        ]
    }
}

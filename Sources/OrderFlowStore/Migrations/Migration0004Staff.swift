/// Staff accounts and their role grants. `store_code` is `*` for a grant
/// that covers every store, so that it can be part of the primary key.
enum Migration0004Staff {
    static let migration = Migration(number: 4, name: "staff") { _ in
        [
            """
            CREATE TABLE staff (
                id TEXT PRIMARY KEY,
                username TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                password_hash TEXT,
                disabled_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            """
            CREATE TABLE staff_roles (
                staff_id TEXT NOT NULL REFERENCES staff(id),
                role TEXT NOT NULL,
                store_code TEXT NOT NULL,
                PRIMARY KEY (staff_id, role, store_code))
            """,
            "CREATE INDEX staff_roles_store ON staff_roles (store_code, role)",
        ]
    }
}

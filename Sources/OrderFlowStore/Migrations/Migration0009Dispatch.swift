/// Dispatch and service execution (R3.1–R3.8). An order's current
/// assignment is one row, with a row per technician who goes so that a
/// person's day is one indexed read; how it came about, and everything the
/// technician records, are events in the order's timeline. Each store's
/// dispatch settings are one document. Catalog items gain their
/// preparation: checklist, service standard, safety notes.
enum Migration0009Dispatch {
    static let migration = Migration(number: 9, name: "dispatch") { _ in
        [
            """
            CREATE TABLE assignments (
                order_id TEXT PRIMARY KEY REFERENCES orders(id),
                store_code TEXT NOT NULL,
                start_at BIGINT NOT NULL,
                end_at BIGINT NOT NULL,
                assignment_json TEXT NOT NULL,
                checked_in_at BIGINT,
                checked_out_at BIGINT,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX assignments_store_start ON assignments (store_code, start_at)",
            """
            CREATE TABLE assignment_members (
                order_id TEXT NOT NULL REFERENCES assignments(order_id),
                staff_id TEXT NOT NULL REFERENCES staff(id),
                start_at BIGINT NOT NULL,
                end_at BIGINT NOT NULL,
                PRIMARY KEY (order_id, staff_id))
            """,
            "CREATE INDEX assignment_members_staff_start ON assignment_members (staff_id, start_at)",
            """
            CREATE TABLE dispatch_settings (
                store_code TEXT PRIMARY KEY,
                settings_json TEXT NOT NULL,
                updated_at BIGINT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE INDEX orders_store_appointment ON orders (store_code, appointment_start)",
            "ALTER TABLE service_items ADD COLUMN preparation_json TEXT",
        ]
    }
}

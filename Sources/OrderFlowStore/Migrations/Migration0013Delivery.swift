/// Delivery and after-sales (R5.1–R5.5, R6.1–R6.5): the catalog's
/// acceptance criteria and warranty, attachments (the bytes live in the
/// attachment storage, not here), delivery reports with the customer's
/// answer, rework per technician, the stores' lapse setting, and warranty
/// claims. Reports and claims are documents with a version, like problem
/// cases; the order's timeline has an event for every change.
///
/// Ownership (issue 15): `warranty_claims` and `service_items.warranty_json`
/// belong to §6 after-sales (`AfterSales/WarrantyClaimRecords.swift`), even
/// though they landed with delivery's tables; a change to them is a new
/// after-sales migration, never an edit here.
enum Migration0013Delivery {
    static let migration = Migration(number: 13, name: "delivery") { _ in
        [
            "ALTER TABLE service_items ADD COLUMN acceptance_json TEXT",
            "ALTER TABLE service_items ADD COLUMN warranty_json TEXT",
            """
            CREATE TABLE attachments (
                id TEXT PRIMARY KEY,
                order_id TEXT NOT NULL REFERENCES orders(id),
                kind TEXT NOT NULL,
                content_type TEXT NOT NULL,
                size_bytes BIGINT NOT NULL,
                sha256 TEXT NOT NULL,
                file_name TEXT NOT NULL,
                uploaded_by TEXT NOT NULL,
                uploaded_at BIGINT NOT NULL,
                UNIQUE (order_id, kind, sha256))
            """,
            """
            CREATE TABLE delivery_reports (
                id TEXT PRIMARY KEY,
                order_id TEXT NOT NULL REFERENCES orders(id),
                store_code TEXT NOT NULL,
                round BIGINT NOT NULL,
                status TEXT NOT NULL,
                submitted_at BIGINT NOT NULL,
                acceptance_due_at BIGINT NOT NULL,
                lapse_handled BIGINT NOT NULL DEFAULT 0,
                report_json TEXT NOT NULL,
                version BIGINT NOT NULL,
                UNIQUE (order_id, round))
            """,
            "CREATE INDEX delivery_reports_lapse ON delivery_reports (status, lapse_handled, acceptance_due_at)",
            """
            CREATE TABLE rework_marks (
                report_id TEXT NOT NULL REFERENCES delivery_reports(id),
                staff_id TEXT NOT NULL REFERENCES staff(id),
                order_id TEXT NOT NULL REFERENCES orders(id),
                store_code TEXT NOT NULL,
                at BIGINT NOT NULL,
                PRIMARY KEY (report_id, staff_id))
            """,
            "CREATE INDEX rework_marks_staff_at ON rework_marks (staff_id, at)",
            """
            CREATE TABLE delivery_settings (
                store_code TEXT PRIMARY KEY,
                lapse_action TEXT NOT NULL,
                updated_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE warranty_claims (
                id TEXT PRIMARY KEY,
                order_id TEXT NOT NULL REFERENCES orders(id),
                store_code TEXT NOT NULL,
                status TEXT NOT NULL,
                owner_id TEXT,
                received_at BIGINT NOT NULL,
                request_key TEXT UNIQUE,
                claim_json TEXT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE INDEX warranty_claims_store_status ON warranty_claims (store_code, status, received_at)",
            "CREATE INDEX warranty_claims_order ON warranty_claims (order_id)",
            "CREATE INDEX warranty_claims_owner ON warranty_claims (owner_id, status)",
        ]
    }
}

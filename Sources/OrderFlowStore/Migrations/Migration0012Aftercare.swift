/// Follow-ups, feedback and problem cases (R4.2, R4.3, R4.7, R4.8), and
/// the cause a handler gives for a delay when taking on its alert (R4.6).
/// Each table is an order's current state of that kind; every change is
/// also an event in the order's timeline, written in the same transaction.
///
/// Ownership (issue 15): these are §4 tracking's tables (follow-ups,
/// feedback, problem cases), named "aftercare" when they landed; their code
/// is in `Tracking/`.
enum Migration0012Aftercare {
    static let migration = Migration(number: 12, name: "aftercare") { _ in
        [
            """
            CREATE TABLE follow_ups (
                id TEXT PRIMARY KEY,
                order_id TEXT NOT NULL REFERENCES orders(id),
                store_code TEXT NOT NULL,
                owner_id TEXT NOT NULL REFERENCES staff(id),
                reason TEXT NOT NULL,
                due_at BIGINT NOT NULL,
                origin TEXT NOT NULL,
                status TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                closed_at BIGINT,
                outcome TEXT,
                contacts_json TEXT NOT NULL)
            """,
            "CREATE INDEX follow_ups_owner_status_due ON follow_ups (owner_id, status, due_at)",
            "CREATE INDEX follow_ups_store_status_due ON follow_ups (store_code, status, due_at)",
            "CREATE INDEX follow_ups_order ON follow_ups (order_id)",
            """
            CREATE TABLE customer_feedback (
                id TEXT PRIMARY KEY,
                order_id TEXT NOT NULL REFERENCES orders(id),
                store_code TEXT NOT NULL,
                rating BIGINT,
                comment TEXT NOT NULL,
                channel TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                at BIGINT NOT NULL)
            """,
            "CREATE INDEX customer_feedback_order ON customer_feedback (order_id)",
            "CREATE INDEX customer_feedback_store_at ON customer_feedback (store_code, at)",
            """
            CREATE TABLE problem_cases (
                id TEXT PRIMARY KEY,
                order_id TEXT NOT NULL REFERENCES orders(id),
                store_code TEXT NOT NULL,
                status TEXT NOT NULL,
                opened_at BIGINT NOT NULL,
                case_json TEXT NOT NULL,
                version BIGINT NOT NULL)
            """,
            "CREATE INDEX problem_cases_store_status ON problem_cases (store_code, status, opened_at)",
            "CREATE INDEX problem_cases_order ON problem_cases (order_id)",
            """
            CREATE TABLE assessment_marks (
                id TEXT PRIMARY KEY,
                staff_id TEXT NOT NULL REFERENCES staff(id),
                case_id TEXT NOT NULL REFERENCES problem_cases(id),
                order_number TEXT NOT NULL,
                kind TEXT NOT NULL,
                points BIGINT NOT NULL,
                note TEXT NOT NULL,
                at BIGINT NOT NULL,
                UNIQUE (staff_id, case_id))
            """,
            "CREATE INDEX assessment_marks_staff_at ON assessment_marks (staff_id, at)",
            "ALTER TABLE stage_alerts ADD COLUMN cause TEXT",
            "ALTER TABLE stage_alerts ADD COLUMN cause_note TEXT",
            "CREATE INDEX stage_alerts_kind_deadline ON stage_alerts (kind, deadline_at)",
        ]
    }
}

/// Notifications (B3). Customers may give an e-mail address and a
/// language. `notification_outbox` holds one row per event worth telling
/// someone about, written by the event log in the transaction of the
/// change itself, so a change and its notice commit or fail together.
/// The notifier turns each into `notification_deliveries` — one per
/// channel and recipient, rendered in the recipient's language — and sends
/// them with retries; a delivery that keeps failing is `dead` and waits for
/// staff to send it again. `notification_opt_outs` holds the channels a
/// customer (by phone) stopped; `webhook_endpoints` the integrations that
/// receive signed events.
enum Migration0011Notifications {
    static let migration = Migration(number: 11, name: "notifications") { _ in
        [
            "ALTER TABLE orders ADD COLUMN customer_email TEXT",
            "ALTER TABLE orders ADD COLUMN customer_language TEXT",
            """
            CREATE TABLE notification_outbox (
                id TEXT PRIMARY KEY,
                order_id TEXT NOT NULL REFERENCES orders(id),
                event_sequence BIGINT NOT NULL,
                topic TEXT NOT NULL,
                event_type TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expanded_at BIGINT,
                UNIQUE (order_id, event_sequence))
            """,
            "CREATE INDEX notification_outbox_pending ON notification_outbox (created_at) WHERE expanded_at IS NULL",
            """
            CREATE TABLE notification_deliveries (
                id TEXT PRIMARY KEY,
                outbox_id TEXT NOT NULL REFERENCES notification_outbox(id),
                order_id TEXT NOT NULL REFERENCES orders(id),
                store_code TEXT NOT NULL,
                topic TEXT NOT NULL,
                channel TEXT NOT NULL,
                recipient TEXT NOT NULL,
                language TEXT NOT NULL,
                subject TEXT,
                body TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts BIGINT NOT NULL,
                next_attempt_at BIGINT,
                claimed_until BIGINT,
                last_error TEXT,
                created_at BIGINT NOT NULL,
                sent_at BIGINT,
                UNIQUE (outbox_id, channel, recipient))
            """,
            "CREATE INDEX notification_deliveries_due ON notification_deliveries (status, next_attempt_at)",
            "CREATE INDEX notification_deliveries_order ON notification_deliveries (order_id, created_at)",
            """
            CREATE TABLE notification_opt_outs (
                phone TEXT NOT NULL,
                channel TEXT NOT NULL,
                opted_out_at BIGINT NOT NULL,
                source TEXT NOT NULL,
                PRIMARY KEY (phone, channel))
            """,
            """
            CREATE TABLE webhook_endpoints (
                id TEXT PRIMARY KEY,
                url TEXT NOT NULL,
                secret TEXT NOT NULL,
                active BIGINT NOT NULL,
                created_at BIGINT NOT NULL,
                created_by TEXT NOT NULL)
            """,
        ]
    }
}

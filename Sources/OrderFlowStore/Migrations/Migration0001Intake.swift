/// Stores, catalog, orders with lines, the append-only event log,
/// idempotency keys, order-number counters and settings (issue: foundation).
enum Migration0001Intake {
    static let migration = Migration(number: 1, name: "intake") { engine in
        shared + AppendOnlyTriggers.statements(for: "order_events", on: engine)
    }

    private static let shared = [
        """
        CREATE TABLE stores (
            code TEXT PRIMARY KEY,
            name_zh TEXT NOT NULL,
            name_en TEXT NOT NULL,
            address_json TEXT NOT NULL,
            phone TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            opening_hours_json TEXT NOT NULL,
            holidays_json TEXT NOT NULL,
            updated_at BIGINT NOT NULL)
        """,
        """
        CREATE TABLE service_items (
            code TEXT PRIMARY KEY,
            name_zh TEXT NOT NULL,
            name_en TEXT NOT NULL,
            unit_zh TEXT NOT NULL,
            unit_en TEXT NOT NULL,
            unit_price_fen BIGINT NOT NULL,
            required_skills_json TEXT NOT NULL,
            estimated_minutes BIGINT NOT NULL,
            location TEXT NOT NULL,
            active BIGINT NOT NULL,
            updated_at BIGINT NOT NULL)
        """,
        """
        CREATE TABLE orders (
            id TEXT PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            store_code TEXT NOT NULL REFERENCES stores(code),
            channel TEXT NOT NULL,
            platform_name TEXT,
            external_reference TEXT,
            customer_name TEXT NOT NULL,
            customer_phone TEXT NOT NULL,
            customer_tier TEXT NOT NULL,
            address_json TEXT,
            total_fen BIGINT NOT NULL,
            payment_method TEXT NOT NULL,
            appointment_start BIGINT NOT NULL,
            appointment_end BIGINT NOT NULL,
            priority TEXT NOT NULL,
            notes TEXT NOT NULL,
            status TEXT NOT NULL,
            review_reasons_json TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            version BIGINT NOT NULL)
        """,
        // A platform re-sending the same order finds it by its own id (R2.1).
        """
        CREATE UNIQUE INDEX orders_platform_reference ON orders (platform_name, external_reference)
            WHERE external_reference IS NOT NULL
        """,
        "CREATE INDEX orders_created ON orders (created_at, id)",
        "CREATE INDEX orders_store_created ON orders (store_code, created_at, id)",
        "CREATE INDEX orders_status_created ON orders (status, created_at, id)",
        "CREATE INDEX orders_phone_appointment ON orders (customer_phone, appointment_start)",
        """
        CREATE TABLE order_lines (
            order_id TEXT NOT NULL REFERENCES orders(id),
            line_no BIGINT NOT NULL,
            item_code TEXT NOT NULL REFERENCES service_items(code),
            specification TEXT NOT NULL,
            quantity BIGINT NOT NULL,
            unit_price_fen BIGINT NOT NULL,
            line_total_fen BIGINT NOT NULL,
            price_override_reason TEXT,
            PRIMARY KEY (order_id, line_no))
        """,
        """
        CREATE TABLE order_events (
            order_id TEXT NOT NULL REFERENCES orders(id),
            sequence BIGINT NOT NULL,
            type TEXT NOT NULL,
            actor TEXT NOT NULL,
            occurred_at BIGINT NOT NULL,
            payload_json TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (order_id, sequence))
        """,
        """
        CREATE TABLE idempotency_keys (
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            order_id TEXT NOT NULL REFERENCES orders(id),
            response_json TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (scope, key))
        """,
        """
        CREATE TABLE order_number_counters (
            store_code TEXT NOT NULL,
            day TEXT NOT NULL,
            last_value BIGINT NOT NULL,
            PRIMARY KEY (store_code, day))
        """,
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value_json TEXT NOT NULL,
            updated_at BIGINT NOT NULL)
        """,
    ]
}

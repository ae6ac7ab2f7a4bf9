/// Where each order's event chain ends, written in the same transaction as
/// every event, so that verification notices events cut off its end (a
/// chain whose newest events were deleted still links up by itself).
/// Filled here from the events already stored.
enum Migration0014EventHeads {
    static let migration = Migration(number: 14, name: "event-heads") { _ in
        [
            """
            CREATE TABLE order_event_heads (
                order_id TEXT PRIMARY KEY REFERENCES orders(id),
                last_sequence BIGINT NOT NULL,
                last_hash TEXT NOT NULL)
            """,
            """
            INSERT INTO order_event_heads (order_id, last_sequence, last_hash)
            SELECT e.order_id, e.sequence, e.hash FROM order_events e
            WHERE e.sequence = (SELECT MAX(sequence) FROM order_events m WHERE m.order_id = e.order_id)
            """,
        ]
    }
}

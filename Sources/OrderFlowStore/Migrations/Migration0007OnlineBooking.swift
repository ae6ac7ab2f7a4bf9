/// The customer's side of online booking: tracking links (only a SHA-256 of
/// each link's random token is kept) and the bookings counted for rate limiting.
enum Migration0007OnlineBooking {
    static let migration = Migration(number: 7, name: "online-booking") { _ in
        [
            """
            CREATE TABLE tracking_links (
                token_hash TEXT PRIMARY KEY,
                order_id TEXT NOT NULL REFERENCES orders(id),
                created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX tracking_links_order ON tracking_links (order_id)",
            """
            CREATE TABLE booking_attempts (
                source TEXT NOT NULL,
                attempted_at BIGINT NOT NULL)
            """,
            "CREATE INDEX booking_attempts_source ON booking_attempts (source, attempted_at)",
        ]
    }
}

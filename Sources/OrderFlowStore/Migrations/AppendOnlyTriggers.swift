/// Statements that make the database itself refuse any UPDATE or DELETE on
/// a table, whoever asks: for logs that are history (order events, audit).
enum AppendOnlyTriggers {
    static func statements(for table: String, on engine: DatabaseEngine) -> [String] {
        switch engine {
        case .sqlite:
            [
                """
                CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END
                """,
                """
                CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END
                """,
            ]
        case .postgres:
            [
                """
                CREATE FUNCTION \(table)_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION '\(table) is append-only'; END $$
                """,
                """
                CREATE TRIGGER \(table)_no_change BEFORE UPDATE OR DELETE ON \(table)
                FOR EACH ROW EXECUTE FUNCTION \(table)_append_only()
                """,
            ]
        }
    }
}

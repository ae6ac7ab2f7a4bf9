import PostgresNIO
import SQLiteNIO

extension StoreError {
    /// Whether an error from either engine is a unique-key violation: the
    /// sign that a concurrent writer inserted the same key first, so the
    /// caller should re-read rather than fail.
    public static func isUniqueViolation(_ error: any Error) -> Bool {
        if case .duplicateKey = error as? StoreError { return true }
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
        if let error = error as? SQLiteError {
            return error.reason == .constraintUniqueFailed || error.reason == .constraintPrimaryKeyFailed
        }
        return false
    }
}

import Logging
import NIOCore
import SQLKit
import Synchronization

/// The writes of a unit of work as one statement, on PostgreSQL: every
/// statement the work runs is only recorded, and then all of them go to the
/// server as the data-modifying CTEs of a single statement, which commits
/// or fails as a whole by itself (autocommit). One round trip instead of one
/// per statement plus BEGIN and COMMIT; intake is the hottest write.
///
/// Only for work that writes and reads nothing back: a recorded statement
/// returns no rows. The statements see one snapshot and cannot see each
/// other's rows, but foreign keys are checked at the end of the statement,
/// so an order and its lines may go in together.
public enum SingleStatement {
    public static func run(
        on db: any SQLDatabase, _ work: @Sendable (any SQLDatabase) async throws -> Void
    ) async throws {
        let recorder = StatementRecorder(base: db)
        try await work(recorder)
        let statements = recorder.statements
        guard !statements.isEmpty else { return }
        var query: SQLQueryString = "WITH "
        for (index, statement) in statements.enumerated() {
            query.appendLiteral(index == 0 ? "w0 AS (" : ", w\(index) AS (")
            query.appendInterpolation(statement)
            query.appendLiteral(")")
        }
        query.appendLiteral(" SELECT 1")
        try await db.raw(query).run()
    }
}

/// A database that records what it is asked to run and runs nothing.
private final class StatementRecorder: SQLDatabase {
    let base: any SQLDatabase
    private let recorded = Mutex<[any SQLExpression]>([])

    init(base: any SQLDatabase) { self.base = base }

    var statements: [any SQLExpression] { recorded.withLock { $0 } }
    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        recorded.withLock { $0.append(query) }
        return eventLoop.makeSucceededVoidFuture()
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        recorded.withLock { $0.append(query) }
    }
}

import Logging
import OrderFlowStore
import SQLKit

/// What every use-case service works with: the database, the environment
/// (clock, randomness) and the logger.
public struct AppContext: Sendable {
    public let database: any OrderFlowDatabase
    public let environment: AppEnvironment
    public let logger: Logger

    public init(database: any OrderFlowDatabase, environment: AppEnvironment = .live, logger: Logger) {
        self.database = database
        self.environment = environment
        self.logger = logger
    }
}

/// A use-case service built from the `AppContext` alone. A new chapter's
/// service holds `context` and gets `database`, `environment` and `logger`
/// from it, instead of declaring and assigning them again.
public protocol AppService: Sendable {
    var context: AppContext { get }
    init(context: AppContext)
}

extension AppService {
    public init(database: any OrderFlowDatabase, environment: AppEnvironment = .live, logger: Logger) {
        self.init(context: AppContext(database: database, environment: environment, logger: logger))
    }

    var database: any OrderFlowDatabase { context.database }
    var environment: AppEnvironment { context.environment }
    var logger: Logger { context.logger }

    /// Runs a write, turning a concurrent change (a stale version) into a 409.
    func write<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await database.write(work)
        } catch StoreError.staleVersion {
            throw AppError.concurrentChange
        }
    }
}

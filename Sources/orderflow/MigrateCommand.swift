import ArgumentParser
import Foundation
import OrderFlowHTTP
import OrderFlowStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply the database migrations that have not run yet.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        var config = AppConfig()
        try database.apply(to: &config, environment: ProcessInfo.processInfo.environment)
        let logger = CommandSupport.makeLogger()
        let applied = try await CommandSupport.withDatabase(config, logger: logger) { database in
            try await Migrator(database: database, logger: logger).migrate()
        }
        print(
            applied.isEmpty
                ? "Database is up to date." : "Applied migrations: \(applied.map(String.init).joined(separator: ", "))")
    }
}

import ArgumentParser
import Foundation
import Logging
import OrderFlowApp
import OrderFlowCore
import OrderFlowHTTP
import OrderFlowStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Load demo stores, catalog and orders into an empty database.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "How many orders to create.")
    var orders = 300

    func run() async throws {
        let config = try CommandSupport.dataConfig(database, environment: ProcessInfo.processInfo.environment)
        let storage = FileAttachmentStorage(directory: config.attachmentsDirectory)
        let logger = CommandSupport.makeLogger()
        let count = orders
        let summary = try await CommandSupport.withDatabase(config, logger: logger) { database in
            try await Migrator(database: database, logger: logger).migrate()
            return try await DemoData.loadIfEmpty(database: database, storage: storage, orders: count, logger: logger)
        }
        print(summary ?? "The database already has orders; demo data was not loaded.")
    }
}

enum DemoData {
    /// Loads the demo into a database without orders; returns a one-line summary, or nil when skipped.
    /// With `ORDERFLOW_ADMIN_PASSWORD` set, the demo's `admin` signs in with
    /// it (as README's configuration table says), everyone else with the demo password.
    static func loadIfEmpty(
        database: any OrderFlowDatabase, storage: any AttachmentStorage, orders: Int, logger: Logger,
        adminPassword: String? = ProcessInfo.processInfo.environment["ORDERFLOW_ADMIN_PASSWORD"]
    ) async throws -> String? {
        let existing = try await database.read { try await OrderRecords.list(OrderQuery(limit: 1), on: $0) }
        let staff = try await database.read { try await StaffRecords.count(on: $0) }
        guard existing.orders.isEmpty, staff == 0 else { return nil }
        // Refused before anything is loaded, so that a weak password leaves no half-made demo.
        if let adminPassword, !adminPassword.isEmpty {
            let problems = PasswordPolicy.problems(password: adminPassword, username: "admin")
            guard problems.isEmpty else {
                throw CommandFailure(
                    "ORDERFLOW_ADMIN_PASSWORD: " + problems.map(\.message.en).joined(separator: "; "))
            }
        }
        let summary = try await DemoLoader(database: database, storage: storage, logger: logger).load(
            orderCount: orders)
        if let adminPassword, !adminPassword.isEmpty {
            do {
                try await AccessService(database: database, logger: logger).setPassword(
                    "admin", to: adminPassword, currentPassword: nil, by: .commandLine(user: "demo"))
            } catch let error as AppError {
                throw CommandFailure("ORDERFLOW_ADMIN_PASSWORD: " + CLIErrors.describe(error))
            }
        }
        let counts = summary.byStatus.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
        return "Loaded 3 stores, \(DemoCatalog.items.count) service items and \(summary.orders) orders (\(counts))."
    }
}

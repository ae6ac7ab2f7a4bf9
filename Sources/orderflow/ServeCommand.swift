import ArgumentParser
import Crypto
import Foundation
import Hummingbird
import OrderFlowCore
import OrderFlowHTTP
import OrderFlowStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP server (migrates the database first).")

    @Option(help: "Address to listen on. Env: ORDERFLOW_HOST.")
    var host: String?

    @Option(help: "Port to listen on. Env: ORDERFLOW_PORT.")
    var port: Int?

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Load demo data into an empty database before serving.")
    var demo = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let logger = CommandSupport.makeLogger()
        var token = environment["ORDERFLOW_API_TOKEN"] ?? ""
        if token.isEmpty {
            // No token configured: make one for this run and say it once.
            token = (0..<24).map { _ in UInt8.random(in: 0...255) }.hexString
            print("No ORDERFLOW_API_TOKEN set; this run's API token is: \(token)")
        }
        var config = AppConfig(apiToken: token)
        config.host = host ?? environment["ORDERFLOW_HOST"] ?? config.host
        if let port = port ?? environment["ORDERFLOW_PORT"].flatMap(Int.init) { config.port = port }
        config.platformSecrets = AppConfig.parsePlatformSecrets(environment["ORDERFLOW_PLATFORM_SECRETS"] ?? "")
        try database.apply(to: &config, environment: environment)
        let problems = config.problems()
        guard problems.isEmpty else {
            throw ValidationError("Configuration problems:\n- " + problems.joined(separator: "\n- "))
        }

        let database = try await OrderFlowServer.openDatabase(config, logger: logger)
        let loadDemo = demo
        let app = try OrderFlowServer.buildApplication(config: config, database: database, logger: logger) {
            guard loadDemo else { return }
            if let summary = try await DemoData.loadIfEmpty(database: database, orders: 300, logger: logger) {
                print(summary)
            }
        }
        do {
            try await app.runService()
        } catch {
            await database.shutdown()
            throw error
        }
        await database.shutdown()
    }
}

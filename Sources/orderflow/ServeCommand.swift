import ArgumentParser
import Foundation
import Hummingbird
import OrderFlowApp
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

    @Option(help: "Log lines as text or json (one object per line). Env: ORDERFLOW_LOG_FORMAT.")
    var logFormat: String?

    @Flag(help: "Mark session cookies Secure (users reach the server over TLS). Env: ORDERFLOW_SECURE_COOKIES=1.")
    var secureCookies = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let formatName = logFormat ?? environment["ORDERFLOW_LOG_FORMAT"] ?? "text"
        guard let format = LogFormat(rawValue: formatName) else {
            throw CommandFailure("--log-format must be text or json, not \(formatName)")
        }
        format.bootstrap(level: CommandSupport.logLevel)
        let metrics = ServerMetrics.bootstrap()
        let logger = CommandSupport.makeLogger()
        var config = AppConfig()
        config.host = host ?? environment["ORDERFLOW_HOST"] ?? config.host
        if let port = port ?? environment["ORDERFLOW_PORT"].flatMap(Int.init) { config.port = port }
        config.platformSecrets = AppConfig.parsePlatformSecrets(environment["ORDERFLOW_PLATFORM_SECRETS"] ?? "")
        config.secureCookies = secureCookies || environment["ORDERFLOW_SECURE_COOKIES"] == "1"
        config.trustForwardedFor = environment["ORDERFLOW_TRUST_FORWARDED_FOR"] == "1"
        config.publicBaseURL = environment["ORDERFLOW_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 }
        config.smtpHost = environment["ORDERFLOW_SMTP_HOST"].flatMap { $0.isEmpty ? nil : $0 }
        if let port = environment["ORDERFLOW_SMTP_PORT"].flatMap(Int.init) { config.smtpPort = port }
        if let from = environment["ORDERFLOW_SMTP_FROM"], !from.isEmpty { config.smtpFrom = from }
        config.smsURL = environment["ORDERFLOW_SMS_URL"].flatMap { $0.isEmpty ? nil : $0 }
        config.smsKey = environment["ORDERFLOW_SMS_KEY"] ?? ""
        if let base = environment["ORDERFLOW_DELIVERY_RETRY_SECONDS"].flatMap(Double.init) {
            config.deliveryRetryBaseSeconds = base
        }
        config.attachmentsPath = environment["ORDERFLOW_ATTACHMENTS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        config.webhookAllowedHosts = AppConfig.parseHostList(environment["ORDERFLOW_WEBHOOK_ALLOWED_HOSTS"] ?? "")
        config.metricsToken = environment["ORDERFLOW_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        config.verifyAtStart = environment["ORDERFLOW_VERIFY_AT_START"] != "0"
        try database.apply(to: &config, environment: environment)
        let problems = config.problems()
        guard problems.isEmpty else {
            throw CommandFailure("Configuration problems:\n- " + problems.joined(separator: "\n- "))
        }

        let database = try await OrderFlowServer.openDatabase(config, logger: logger)
        let loadDemo = demo
        let storage = FileAttachmentStorage(directory: config.attachmentsDirectory)
        let adminPassword = environment["ORDERFLOW_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        let app = try await OrderFlowServer.buildApplication(
            config: config, database: database, logger: logger, metrics: metrics
        ) {
            if loadDemo,
                let summary = try await DemoData.loadIfEmpty(
                    database: database, storage: storage, orders: 300, logger: logger)
            {
                CommandSupport.say(summary)
                CommandSupport.say(
                    "Demo accounts (README lists them all) sign in with the password \(DemoStaff.password)"
                        + (adminPassword == nil ? "" : "; admin with ORDERFLOW_ADMIN_PASSWORD"))
            }
            // First start: someone must be able to sign in.
            let access = AccessService(database: database, logger: logger)
            if let admin = try await access.bootstrapAdministrator(password: adminPassword) {
                CommandSupport.say(
                    adminPassword == nil
                        ? "Created the first administrator: user name \(admin.username), one-time password \(admin.password)"
                            + "\nSign in at /login and change it (POST /api/v1/me/password); it is not shown again."
                        : "Created the first administrator \(admin.username) with ORDERFLOW_ADMIN_PASSWORD.")
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

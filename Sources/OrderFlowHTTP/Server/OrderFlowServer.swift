import Foundation
import Hummingbird
import Logging
import NIOCore
import OpenAPIHummingbird
import OpenAPIRuntime
import OrderFlowAPI
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore

/// Assembles the whole server in one readable place (DESIGN.md §7).
public enum OrderFlowServer {
    /// Opens the database the configuration names: PostgreSQL for a
    /// `postgres://` URL, the embedded SQLite file otherwise.
    public static func openDatabase(_ config: AppConfig, logger: Logger) async throws -> any OrderFlowDatabase {
        if let url = config.databaseURL {
            return PostgresOrderFlowDatabase(
                configuration: try PostgresOrderFlowDatabase.configuration(fromURL: url), logger: logger)
        }
        return try await SQLiteOrderFlowDatabase.open(
            path: config.sqlitePath, durability: config.sqliteDurability, logger: logger)
    }

    /// The router with every route: health checks, the OpenAPI document and
    /// the API operations behind their middlewares.
    public static func buildRouter(
        config: AppConfig, database: any OrderFlowDatabase, environment: AppEnvironment = .live, logger: Logger
    ) async throws -> Router<OrderFlowRequestContext> {
        let router = Router(context: OrderFlowRequestContext.self)
        let renderer = try await ConsoleRenderer.bundled()
        router.add(middleware: SecurityHeaders())
        router.add(middleware: RouteProblemMiddleware(renderer: renderer, routes: try APIRoutes.fromDocument()))
        router.add(middleware: ControlCharacterGuard())
        router.get("/health") { _, _ in HTTPResponse.Status.ok }
        router.get("/ready") { _, _ -> HTTPResponse.Status in
            do {
                try await database.ping()
                return .ok
            } catch {
                return .serviceUnavailable
            }
        }
        let document = try OpenAPIDocument.yaml()
        router.get("/api/v1/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
        let services = OrderFlowServices(
            database: database, environment: environment, logger: logger,
            storage: FileAttachmentStorage(directory: config.attachmentsDirectory),
            webhookTargets: config.webhookTargets)
        let access = services.access
        SignInRoutes(
            access: access, renderer: renderer, secureCookies: config.secureCookies,
            trustForwardedFor: config.trustForwardedFor
        ).register(on: router)
        try ConsoleRoutes(
            gate: ConsoleGate(access: access, renderer: renderer), renderer: renderer, services: services,
            alertStreamSeconds: config.alertStreamSeconds, trustForwardedFor: config.trustForwardedFor
        ).register(on: router)
        let handler = APIHandler(services: services, logger: logger)
        guard let serverURL = URL(string: "/api/v1") else { throw CocoaError(.fileNoSuchFile) }
        try handler.registerHandlers(
            on: router, serverURL: serverURL,
            configuration: Configuration(
                dateTranscoder: FlexibleDateTranscoder(), jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]),
            middlewares: [
                ProblemMiddleware(logger: logger), GuardMiddleware(config: config, access: access),
                IdempotencyMiddleware(replays: RequestReplayService(database: database, environment: environment)),
                SchemaMiddleware(schemas: try RequestSchemas.fromDocument()), HeaderCodingMiddleware(),
            ])
        return router
    }

    /// The application: runs migrations before it listens, keeps the
    /// PostgreSQL pool running beside it when there is one, and starts the
    /// background jobs (`JobRunner`) once the database is ready.
    public static func buildApplication(
        config: AppConfig, database: any OrderFlowDatabase, logger: Logger,
        beforeServing: @escaping @Sendable () async throws -> Void = {}
    ) async throws -> some ApplicationProtocol {
        let router = try await buildRouter(config: config, database: database, logger: logger)
        var app = Application(
            router: router,
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "OrderFlow"),
            logger: logger)
        if let postgres = database as? PostgresOrderFlowDatabase { app.addServices(postgres.client) }
        let ready = StartGate()
        // Every instance runs every chapter's jobs; each job's lease makes each run happen once.
        let context = ChapterJobContext(database: database, logger: logger, config: config)
        app.addServices(
            ServiceAfterGate(
                gate: ready,
                service: JobRunner(database: database, logger: logger, jobs: try Chapters.jobs(context))))
        app.beforeServerStarts {
            try await Migrator(database: database, logger: logger).migrate()
            try await beforeServing()
            ready.open()
        }
        return app
    }

    /// The transports the configuration names: SMTP and the SMS gateway
    /// when set; webhooks always.
    static func notificationTransports(_ config: AppConfig) -> NotificationTransports {
        NotificationTransports(
            sms: config.smsURL.flatMap(URL.init(string:)).map { SMSGatewayTransport(url: $0, apiKey: config.smsKey) },
            email: config.smtpHost.map {
                SMTPTransport(settings: SMTPSettings(host: $0, port: config.smtpPort, from: config.smtpFrom))
            },
            webhook: WebhookTransport(targets: config.webhookTargets))
    }
}

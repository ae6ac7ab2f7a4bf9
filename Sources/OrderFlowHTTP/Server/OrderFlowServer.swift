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

    /// The router with every route: health checks, metrics, the OpenAPI
    /// document and the API operations behind their middlewares. Without a
    /// `starting` gate the server counts as ready at once (the in-process tests).
    public static func buildRouter(
        config: AppConfig, database: any OrderFlowDatabase, environment: AppEnvironment = .live, logger: Logger,
        metrics: ServerMetrics = ServerMetrics()
    ) async throws -> Router<OrderFlowRequestContext> {
        try await buildRouter(
            config: config, database: database, environment: environment, logger: logger, metrics: metrics,
            starting: nil)
    }

    static func buildRouter(
        config: AppConfig, database: any OrderFlowDatabase, environment: AppEnvironment = .live, logger: Logger,
        metrics: ServerMetrics, starting: StartGate?
    ) async throws -> Router<OrderFlowRequestContext> {
        let router = Router(context: OrderFlowRequestContext.self)
        let renderer = try await ConsoleRenderer.bundled()
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: MetricsMiddleware())
        if let starting { router.add(middleware: StartingMiddleware(gate: starting)) }
        router.add(middleware: SecurityHeaders())
        router.add(middleware: RouteProblemMiddleware(renderer: renderer, routes: try APIRoutes.fromDocument()))
        router.add(middleware: ControlCharacterGuard())
        router.get("/health") { _, _ in HTTPResponse.Status.ok }
        // Ready: migrated, demo data loaded, and the database answers now.
        router.get("/ready") { _, _ -> HTTPResponse.Status in
            guard starting?.isOpen ?? true else { return .serviceUnavailable }
            do {
                try await database.ping()
                return .ok
            } catch {
                return .serviceUnavailable
            }
        }
        MetricsEndpoint(
            registry: metrics.registry, database: database, environment: environment, token: config.metricsToken,
            trustForwardedFor: config.trustForwardedFor, logger: logger
        ).register(on: router)
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

    /// The application: listens at once (`/health` answers, `/ready` and
    /// every other route say "starting"), runs the migrations and
    /// `beforeServing`, then opens: the routes and the background jobs
    /// (`JobRunner`) start. The PostgreSQL pool runs beside it when there is one.
    public static func buildApplication(
        config: AppConfig, database: any OrderFlowDatabase, logger: Logger, metrics: ServerMetrics = ServerMetrics(),
        beforeServing: @escaping @Sendable () async throws -> Void = {}
    ) async throws -> some ApplicationProtocol {
        let ready = StartGate()
        let router = try await buildRouter(
            config: config, database: database, logger: logger, metrics: metrics, starting: ready)
        var app = Application(
            router: router,
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "OrderFlow"),
            logger: logger)
        if let postgres = database as? PostgresOrderFlowDatabase { app.addServices(postgres.client) }
        app.addServices(
            StartupService(gate: ready) {
                try await Migrator(database: database, logger: logger).migrate()
                try await beforeServing()
                logger.info("Ready")
            })
        // Every instance runs every chapter's jobs; each job's lease makes each run happen once.
        let context = ChapterJobContext(database: database, logger: logger, config: config)
        app.addServices(
            ServiceAfterGate(
                gate: ready,
                service: JobRunner(database: database, logger: logger, jobs: try Chapters.jobs(context))))
        if config.verifyAtStart {
            app.addServices(
                ServiceAfterGate(gate: ready, service: IntegrityAtStart(database: database, logger: logger)))
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

import Foundation
import Logging
import OrderFlowStore

/// Every use-case service of the application, built once from the database,
/// the clock, the logger and the attachment storage. The HTTP layer (API,
/// console, booking pages) and the background services take this one value
/// instead of each holding its own list of services, so a new chapter's
/// service is added here and nowhere else.
public struct OrderFlowServices: Sendable {
    public let database: any OrderFlowDatabase
    public let environment: AppEnvironment
    public let access: AccessService
    public let referenceData: ReferenceDataService
    public let intake: IntakeService
    public let booking: OnlineBookingService
    public let dispatch: DispatchService
    public let jobs: JobService
    public let tracking: TrackingService
    public let notifications: NotificationService
    public let delivery: DeliveryService
    public let afterSales: AfterSalesService

    public init(
        database: any OrderFlowDatabase, environment: AppEnvironment = .live, logger: Logger,
        storage: any AttachmentStorage, webhookTargets: WebhookTargetCheck = WebhookTargetCheck()
    ) {
        self.database = database
        self.environment = environment
        access = AccessService(database: database, environment: environment, logger: logger)
        referenceData = ReferenceDataService(database: database, environment: environment)
        intake = IntakeService(database: database, environment: environment, logger: logger)
        booking = OnlineBookingService(database: database, environment: environment, logger: logger)
        dispatch = DispatchService(database: database, environment: environment, logger: logger)
        jobs = JobService(database: database, environment: environment, logger: logger)
        tracking = TrackingService(database: database, environment: environment, logger: logger)
        notifications = NotificationService(
            database: database, environment: environment, logger: logger, webhookTargets: webhookTargets)
        delivery = DeliveryService(database: database, storage: storage, environment: environment, logger: logger)
        afterSales = AfterSalesService(database: database, environment: environment, logger: logger)
    }
}

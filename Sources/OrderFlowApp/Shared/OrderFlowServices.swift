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
    /// What a chapter's own service is built from, when no other chapter calls it.
    public let context: AppContext
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
        context = AppContext(database: database, environment: environment, logger: logger)
        access = AccessService(context: context)
        referenceData = ReferenceDataService(database: database, environment: environment)
        intake = IntakeService(context: context)
        booking = OnlineBookingService(context: context)
        dispatch = DispatchService(context: context)
        jobs = JobService(context: context)
        tracking = TrackingService(context: context)
        notifications = NotificationService(
            database: database, environment: environment, logger: logger, webhookTargets: webhookTargets)
        delivery = DeliveryService(database: database, storage: storage, environment: environment, logger: logger)
        afterSales = AfterSalesService(context: context)
    }
}

import OrderFlowApp

/// A part of the HTTP layer that works through the application's services:
/// it holds the one `OrderFlowServices` value, and reads each service by
/// name through it (`intake`, `delivery` …) rather than keeping its own list.
protocol UsesServices {
    var services: OrderFlowServices { get }
}

extension UsesServices {
    var access: AccessService { services.access }
    var referenceData: ReferenceDataService { services.referenceData }
    var intake: IntakeService { services.intake }
    var booking: OnlineBookingService { services.booking }
    var dispatch: DispatchService { services.dispatch }
    var jobs: JobService { services.jobs }
    var tracking: TrackingService { services.tracking }
    var notifications: NotificationService { services.notifications }
    var delivery: DeliveryService { services.delivery }
    var afterSales: AfterSalesService { services.afterSales }
}

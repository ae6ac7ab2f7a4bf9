import OrderFlowCore

/// §5 Delivery: the report, the customer's acceptance and rework. Its pages
/// are sections of the job and order pages (routes in `Console+Delivery`).
struct DeliveryChapter: ConsoleChapter {
    let console: ConsoleRoutes
    static let name = "delivery"

    static let operations: [String: AccessAction] = [
        "getDelivery": .readOrder,
        "uploadJobAttachment": .workOnJob,
        "uploadOrderAttachment": .handleDelivery,
        "getAttachment": .readOrder,
        "submitDeliveryReport": .workOnJob,
        "recordAcceptanceOnDevice": .workOnJob,
        "recordAcceptance": .handleDelivery,
        "assignRework": .handleDelivery,
        "getDeliverySettings": .readReferenceData,
        "updateDeliverySettings": .manageStore,
        "updateAcceptanceStandard": .manageReferenceData,
        "updateWarrantyPolicy": .manageReferenceData,
    ]
}

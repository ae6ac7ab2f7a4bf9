import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// What an after-sales event records in the order's timeline: the claim as
/// it stood, and the progress message when one was sent.
public struct AfterSalesPayload: OrderEventPart {
    public static let key = "afterSales"

    public var claim: WarrantyClaim
    public var progress: ClaimProgress?

    public init(claim: WarrantyClaim, progress: ClaimProgress? = nil) {
        self.claim = claim
        self.progress = progress
    }
}

/// After-sales under warranty (§6 of the procedure): claims received by
/// phone, e-mail, chat or the customer's link (R6.2), checked against the
/// item's warranty with the reason shown (R6.3), handled by an owner within
/// time limits with progress sent to the customer (R6.4), and counted
/// (R6.5). Every change is an event on the original order.
public struct AfterSalesService: AppService {
    public let context: AppContext
    let reference = ReferenceCache()
    public var timeLimits = ClaimTimeLimits.standard

    public init(context: AppContext) { self.context = context }

    static let claimNotFound = AppError.notFound(
        LocalizedText(zhHans: "找不到该售后申请", en: "No such after-sales request was found"))

    /// The least-loaded active after-sales agent of the store, else
    /// customer service, else the store manager.
    static func owner(for storeCode: String, on db: any SQLDatabase) async throws -> UUID? {
        var candidates: [StaffMember] = []
        for role in [Role.afterSales, .customerService, .storeManager] where candidates.isEmpty {
            candidates = try await StaffRecords.active(withRole: role, storeCode: storeCode, on: db)
        }
        let counts = try await WarrantyClaimRecords.openCounts(owners: candidates.map(\.id), on: db)
        return candidates.min {
            (counts[$0.id] ?? 0, $0.username) < (counts[$1.id] ?? 0, $1.username)
        }?.id
    }

    /// When the order was delivered: the answer on its accepted report.
    static func deliveredAt(_ orderID: UUID, on db: any SQLDatabase) async throws -> Date? {
        try await DeliveryReportRecords.forOrder(orderID, on: db).map(\.0).first { $0.status == .accepted }?
            .acceptance?.at
    }
}

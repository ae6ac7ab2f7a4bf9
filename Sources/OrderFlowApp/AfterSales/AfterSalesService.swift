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
public struct AfterSalesService: Sendable {
    let database: any OrderFlowDatabase
    let environment: AppEnvironment
    let logger: Logger
    let reference = ReferenceCache()
    public var timeLimits = ClaimTimeLimits.standard

    public init(database: any OrderFlowDatabase, environment: AppEnvironment = .live, logger: Logger) {
        self.database = database
        self.environment = environment
        self.logger = logger
    }

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

    /// Runs a write, turning a concurrent change into a 409.
    func write<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await database.write(work)
        } catch StoreError.staleVersion {
            throw AppError.concurrentChange
        }
    }
}

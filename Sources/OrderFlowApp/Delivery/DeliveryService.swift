import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// Everything about an order's delivery, as its pages show it.
public struct DeliveryView: Sendable {
    public var order: Order
    /// Oldest round first; the last one is the current report.
    public var reports: [DeliveryReport]
    public var attachments: [Attachment]
    /// The order's catalog items that have acceptance criteria (R5.1).
    public var standards: [ServiceItem]
    public var lapseAction: AcceptanceLapse

    public var current: DeliveryReport? { reports.last }
    /// Rejected reports: how often the order went back for rework (R5.4).
    public var reworkCount: Int { reports.filter { $0.status == .rejected }.count }
    public var accepted: DeliveryReport? { reports.first { $0.status == .accepted } }

    public func attachment(_ id: UUID) -> Attachment? { attachments.first { $0.id == id } }
}

/// Delivery (§5 of the procedure): the technician's self-check and report
/// (R5.1, R5.2), the customer's answer on the technician's device or
/// through their link within the acceptance period (R5.3), rework (R5.4),
/// and the order delivered with its time and method (R5.5). Every change is
/// an event in the order's timeline, written with the order's version bump
/// so that two answers at once meet as a conflict, not as two answers.
public struct DeliveryService: Sendable {
    let database: any OrderFlowDatabase
    let storage: any AttachmentStorage
    let environment: AppEnvironment
    let logger: Logger
    let reference = ReferenceCache()

    public init(
        database: any OrderFlowDatabase, storage: any AttachmentStorage, environment: AppEnvironment = .live,
        logger: Logger
    ) {
        self.database = database
        self.storage = storage
        self.environment = environment
        self.logger = logger
    }

    /// The delivery of an order the caller may read.
    public func delivery(_ reference: String, by caller: Caller) async throws -> DeliveryView {
        let cache = self.reference
        return try await database.read { db in
            guard let order = try await OrderLookup.find(reference, on: db) else {
                throw AppError.orderNotFound(reference)
            }
            let own = try await Self.isOwnJob(order, caller, on: db)
            guard caller.may(.readOrder, storeCode: order.storeCode, ownJob: own) else {
                throw AppError.orderNotFound(reference)
            }
            return try await Self.view(of: order, catalog: try await cache.current(on: db).catalog, on: db)
        }
    }

    static func view(of order: Order, catalog: [String: ServiceItem], on db: any SQLDatabase) async throws
        -> DeliveryView
    {
        DeliveryView(
            order: order, reports: try await DeliveryReportRecords.forOrder(order.id, on: db).map(\.0),
            attachments: try await AttachmentRecords.forOrder(order.id, on: db),
            standards: items(of: order, catalog: catalog).filter { $0.acceptance != nil },
            lapseAction: try await DeliveryReportRecords.lapseAction(storeCode: order.storeCode, on: db))
    }

    /// The order's catalog items, each once, in line order.
    static func items(of order: Order, catalog: [String: ServiceItem]) -> [ServiceItem] {
        var seen: Set<String> = []
        return order.lines.compactMap { seen.insert($0.itemCode).inserted ? catalog[$0.itemCode] : nil }
    }

    static func isOwnJob(_ order: Order, _ caller: Caller, on db: any SQLDatabase) async throws -> Bool {
        guard let staffID = caller.staffID,
            let assignment = try await AssignmentRecords.find(orderID: order.id, on: db)
        else { return false }
        return assignment.assignment.technicianIDs.contains(staffID)
    }

    /// The customer's view through their link: the delivery of their order.
    public func delivery(trackingToken: String) async throws -> DeliveryView {
        let cache = self.reference
        return try await database.read { db in
            let order = try await OrderLookup.byTrackingLink(trackingToken, on: db)
            return try await Self.view(of: order, catalog: try await cache.current(on: db).catalog, on: db)
        }
    }

    /// What a store does when an acceptance period lapses (R5.3).
    public func lapseAction(storeCode: String, by caller: Caller) async throws -> AcceptanceLapse {
        guard caller.may(.readReferenceData, storeCode: storeCode) else {
            throw AppError.notAllowed
        }
        return try await database.read { try await DeliveryReportRecords.lapseAction(storeCode: storeCode, on: $0) }
    }

    public func setLapseAction(_ action: AcceptanceLapse, storeCode: String, by caller: Caller) async throws {
        try caller.require(.manageStore, storeCode: storeCode)
        let now = environment.now()
        try await database.write { db in
            guard try await StoreRecords.find(code: storeCode, on: db) != nil else {
                throw AppError.notFound(LocalizedText(zhHans: "找不到该门店", en: "No such store"))
            }
            try await DeliveryReportRecords.setLapseAction(action, storeCode: storeCode, at: now, on: db)
            _ = try await AuditLog.append(
                actor: caller.actor, action: "delivery.lapseAction", outcome: .succeeded, storeCode: storeCode,
                detailJSON: try JSONCoding.string(["lapseAction": action.rawValue]), at: now, on: db)
        }
    }

    /// Runs a write, turning a concurrent change of the order into a 409.
    func write<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await database.write(work)
        } catch StoreError.staleVersion {
            throw AppError.concurrentChange
        }
    }
}

extension DeliveryService {
    /// The application's clock, for the customer's pages (never `Date()`).
    public func now() -> Date { environment.now() }
}

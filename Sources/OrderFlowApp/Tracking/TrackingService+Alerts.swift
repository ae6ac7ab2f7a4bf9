import Foundation
import OrderFlowCore
import OrderFlowStore

extension TrackingService {
    /// The alerts addressed to the caller (R4.5), newest first: open ones
    /// only, or everything of the last `days` days.
    public func alerts(openOnly: Bool = true, days: Int = 7, by caller: Caller) async throws -> [StageAlert] {
        try caller.require(.handleAlerts)
        let since = environment.now().addingTimeInterval(-Double(max(1, min(days, 90))) * 86_400)
        let stores = Self.alertStores(of: caller)
        let found = try await database.read { db in
            try await StageAlertRecords.list(stores: stores, since: since, openOnly: openOnly, limit: 500, on: db)
        }
        return Array(found.filter { Self.isAddressed($0, to: caller) }.prefix(200))
    }

    /// The caller has seen the alert and takes it on, saying why the stage
    /// ran late when they know (R4.6); an overdue alert so acknowledged is
    /// not escalated. Acknowledging twice changes nothing.
    public func acknowledgeAlert(
        _ id: UUID, cause: DelayCause? = nil, note: String? = nil, by caller: Caller
    ) async throws -> StageAlert {
        try caller.require(.handleAlerts)
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines).prefix(500).description
        let now = environment.now()
        return try await database.write { db in
            guard let alert = try await StageAlertRecords.find(id: id, on: db), Self.isAddressed(alert, to: caller)
            else { throw Self.alertNotFound }
            guard
                try await StageAlertRecords.acknowledge(
                    id: id, by: caller.actor.description, cause: cause, note: note?.isEmpty == true ? nil : note,
                    at: now, on: db)
            else { return alert }
            // The same lateness told to this person twice (overdue, then
            // escalated) is taken on once: its siblings are acknowledged too.
            for sibling in try await StageAlertRecords.forOrder(alert.orderID, on: db)
            where sibling.id != id && sibling.isOpen && sibling.isSameStageRun(as: alert)
                && Self.isAddressed(sibling, to: caller)
            {
                _ = try await StageAlertRecords.acknowledge(
                    id: sibling.id, by: caller.actor.description, cause: cause,
                    note: note?.isEmpty == true ? nil : note, at: now, on: db)
            }
            try await AuditLog.append(
                actor: caller.actor, action: "tracking.alertAcknowledged", outcome: .succeeded,
                storeCode: alert.storeCode, subject: alert.orderNumber,
                detailJSON: try JSONCoding.canonicalString(["stage": alert.stage.rawValue, "kind": alert.kind.rawValue]
                ),
                at: now, on: db)
            var acknowledged = alert
            acknowledged.acknowledgedAt = now
            acknowledged.acknowledgedBy = caller.actor.description
            acknowledged.cause = cause
            return acknowledged
        }
    }

    /// Every alert of one order the caller may read, oldest first: its page shows them.
    public func alerts(ofOrder order: Order) async throws -> [StageAlert] {
        try await database.read { try await StageAlertRecords.forOrder(order.id, on: $0) }
    }

    /// The stores whose alerts may concern the caller (nil: all stores):
    /// every store a grant with the action covers, own-jobs grants included.
    static func alertStores(of caller: Caller) -> Set<String>? {
        var stores: Set<String> = []
        for grant in caller.grants where grant.isValid && AccessPolicy.table[grant.role]?[.handleAlerts] != nil {
            switch grant.scope {
            case .allStores: return nil
            case .stores(let codes): stores.formUnion(codes)
            }
        }
        return stores
    }

    /// Whether the alert is for the caller: one of its roles in the
    /// alert's store, or named in it (technicians, on their own jobs). A
    /// store manager and a supervisor see every alert of their stores.
    static func isAddressed(_ alert: StageAlert, to caller: Caller) -> Bool {
        let named = caller.staffID.map { alert.audience.staffIDs.contains($0) } ?? false
        guard caller.may(.handleAlerts, storeCode: alert.storeCode, ownJob: named) else { return false }
        if named { return true }
        let roles = Set(caller.grants.filter { $0.isValid && $0.scope.covers(alert.storeCode) }.map(\.role))
        return !roles.isDisjoint(with: alert.audience.roles.union([.storeManager, .supervisor]))
    }

    public static let alertNotFound = AppError.notFound(LocalizedText(zhHans: "找不到该提醒", en: "No such alert was found"))
}

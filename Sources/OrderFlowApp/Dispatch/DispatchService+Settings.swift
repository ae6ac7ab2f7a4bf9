import Foundation
import OrderFlowCore
import OrderFlowStore
import SQLKit

/// A store's dispatch settings with their version, for `If-Match`.
public struct VersionedDispatchSettings: Hashable, Sendable {
    public var storeCode: String
    public var settings: StoreDispatchSettings
    public var version: Int
}

extension DispatchService {
    public func settings(storeCode: String, by caller: Caller) async throws -> VersionedDispatchSettings {
        try caller.require(.readDispatchBoard, storeCode: storeCode)
        let service = self
        return try await database.read { db in
            let (store, _) = try await service.store(storeCode, on: db)
            let (settings, version) = try await DispatchSettingsRecords.find(storeCode: store.code, on: db)
            return VersionedDispatchSettings(storeCode: store.code, settings: settings, version: version)
        }
    }

    /// A store manager sets the weights and rules of their store (R3.2); audited.
    public func updateSettings(
        storeCode: String, _ settings: StoreDispatchSettings, ifMatch version: Int?, by caller: Caller
    ) async throws -> VersionedDispatchSettings {
        try caller.require(.manageDispatchSettings, storeCode: storeCode)
        let problems = settings.problems
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        let now = environment.now()
        let service = self
        do {
            return try await database.write { db in
                let (store, _) = try await service.store(storeCode, on: db)
                let (_, current) = try await DispatchSettingsRecords.find(storeCode: store.code, on: db)
                if let version, version != current {
                    throw AppError.versionMismatch(current: current, record: .dispatchSettings)
                }
                let saved = try await DispatchSettingsRecords.save(
                    settings, storeCode: store.code, expectedVersion: current, at: now, on: db)
                try await AuditLog.append(
                    actor: caller.actor, action: "dispatch.settingsChanged", outcome: .succeeded, storeCode: store.code,
                    subject: store.code, detailJSON: try JSONCoding.canonicalString(settings), at: now, on: db)
                return VersionedDispatchSettings(storeCode: store.code, settings: settings, version: saved)
            }
        } catch StoreError.staleVersion {
            throw AppError.concurrentChange
        }
    }
}

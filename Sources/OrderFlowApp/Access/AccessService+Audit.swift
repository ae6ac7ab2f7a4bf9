import Foundation
import OrderFlowCore
import OrderFlowStore

extension AccessService {
    /// A page of the audit log, newest first.
    public func auditLog(_ query: AuditQuery, by caller: Caller) async throws -> [AuditEntry] {
        try caller.require(.readAuditLog)
        return try await database.read { try await AuditLog.search(query, on: $0) }
    }

    /// Walks the whole hash chain: the number of entries, and the first
    /// entry that does not match its chain (nil when the log is intact).
    public func verifyAuditLog(by caller: Caller) async throws -> (entries: Int, firstBrokenLink: Int?) {
        try caller.require(.readAuditLog)
        let entries = try await database.read { try await AuditLog.all(on: $0) }
        return (entries.count, AuditLog.firstBrokenLink(in: entries))
    }
}

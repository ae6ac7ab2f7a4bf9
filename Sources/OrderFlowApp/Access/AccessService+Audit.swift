import Foundation
import OrderFlowCore
import OrderFlowStore

extension AccessService {
    /// A page of the audit log, newest first.
    public func auditLog(_ query: AuditQuery, by caller: Caller) async throws -> [AuditEntry] {
        try caller.require(.readAuditLog)
        return try await database.read { try await AuditLog.search(query, on: $0) }
    }

    /// Walks the whole hash chain up to the stored head: the number of
    /// entries, and the first entry that does not match its chain or is
    /// missing from its end (nil when the log is intact).
    public func verifyAuditLog(by caller: Caller) async throws -> (entries: Int, firstBrokenLink: Int?) {
        try caller.require(.readAuditLog)
        // The head first: appends that land between the two reads are newer than it.
        let (head, entries) = try await database.read { db in
            let head = try await AuditLog.head(on: db)
            return (head, try await AuditLog.all(on: db))
        }
        return (entries.count, AuditLog.firstBrokenLink(in: entries, head: head))
    }
}

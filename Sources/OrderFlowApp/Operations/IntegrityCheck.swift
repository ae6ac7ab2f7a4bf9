import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore

/// What a verification of the whole database found (R8.3): every order's
/// event chain against its stored head, and the audit log against its head.
public struct IntegrityReport: Sendable, Equatable {
    /// An order whose history does not verify, and the first sequence that fails.
    public struct BrokenChain: Sendable, Equatable {
        public let orderNumber: String
        public let sequence: Int
    }

    public var orders = 0
    public var events = 0
    public var auditEntries = 0
    /// Every broken order chain (its number and first failing sequence).
    public var brokenChains: [BrokenChain] = []
    /// The first audit entry that fails, or nil.
    public var auditBrokenAt: Int?

    public var isIntact: Bool { brokenChains.isEmpty && auditBrokenAt == nil }

    /// One line per finding, for logs and the command line; the first few orders by name.
    public var findings: [String] {
        var lines = brokenChains.prefix(20).map {
            "order \($0.orderNumber): its event chain breaks at event #\($0.sequence)"
        }
        if brokenChains.count > 20 { lines.append("… and \(brokenChains.count - 20) more orders") }
        if let auditBrokenAt { lines.append("audit log: its chain breaks at entry #\(auditBrokenAt)") }
        return lines
    }

    public var summary: String {
        "\(orders) orders, \(events) events, \(auditEntries) audit entries"
    }
}

/// Reads the whole database a page of orders at a time (one read each, so
/// a large database never holds a reader for long) and verifies every chain.
public struct IntegrityCheck: Sendable {
    let database: any OrderFlowDatabase
    let pageSize: Int

    public init(database: any OrderFlowDatabase, pageSize: Int = 500) {
        self.database = database
        self.pageSize = pageSize
    }

    public func run() async throws -> IntegrityReport {
        var report = IntegrityReport()
        var after = ""
        while true {
            try Task.checkCancellation()
            let (cursor, size) = (after, pageSize)
            let page = try await database.read { db in
                try await IntegrityRecords.orderChains(after: cursor, limit: size, on: db)
            }
            for chain in page {
                report.orders += 1
                report.events += chain.events.count
                if let broken = chain.firstBrokenLink {
                    report.brokenChains.append(.init(orderNumber: chain.number, sequence: broken))
                }
            }
            guard let last = page.last, page.count == pageSize else { break }
            after = last.orderID
        }
        let (head, entries) = try await database.read { try await IntegrityRecords.auditChain(on: $0) }
        report.auditEntries = entries.count
        report.auditBrokenAt = AuditLog.firstBrokenLink(in: entries, head: head)
        return report
    }

    /// Runs the check and says what it found: a broken chain at `critical`,
    /// so that no operator can miss that this database was changed or
    /// restored from an incomplete copy.
    @discardableResult
    public func runAndReport(logger: Logger) async throws -> IntegrityReport {
        let started = ContinuousClock.now
        let report = try await run()
        let seconds = (ContinuousClock.now - started).components.seconds
        if report.isIntact {
            logger.info(
                "Integrity verified",
                metadata: [
                    "orders": "\(report.orders)", "events": "\(report.events)",
                    "auditEntries": "\(report.auditEntries)", "seconds": "\(seconds)",
                ])
        } else {
            logger.critical(
                """
                INTEGRITY CHECK FAILED: this database does not match its own hash chains; it was changed outside \
                OrderFlow or restored from an incomplete copy. Restore a backup made with `orderflow backup`.
                """,
                metadata: [
                    "brokenOrders": "\(report.brokenChains.count)",
                    "auditBrokenAt": "\(report.auditBrokenAt.map(String.init) ?? "-")",
                ])
            for finding in report.findings { logger.critical("INTEGRITY: \(finding)") }
        }
        return report
    }
}

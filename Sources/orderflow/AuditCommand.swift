import ArgumentParser
import Foundation
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore

/// `orderflow audit search|verify`: the audit log for administrators and auditors.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Search and verify the audit log.", subcommands: [Search.self, Verify.self])

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Entries, newest first.")
        @Option(help: "e.g. staff:sh.manager") var actor: String?
        @Option(help: "e.g. auth.signInFailed, personalData.revealed") var action: String?
        @Option(help: "A staff id, token id or order number.") var subject: String?
        @Option(help: "Entries at or after this instant (RFC 3339).") var from: String?
        @Option(help: "How many entries.") var limit = 50
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            var start: Date?
            if let from {
                guard let parsed = ISO8601DateFormatter().date(from: from) else {
                    throw ValidationError("--from must be an RFC 3339 instant such as 2026-11-29T00:00:00Z")
                }
                start = parsed
            }
            let query = AuditQuery(actor: actor, action: action, subject: subject, from: start, limit: limit)
            let entries = try await CLIAccess.run(database) { access, caller in
                try await access.auditLog(query, by: caller)
            }
            let formatter = ISO8601DateFormatter()
            for entry in entries {
                print(
                    "#\(entry.sequence) \(formatter.string(from: entry.occurredAt)) \(entry.actor) \(entry.action) "
                        + "\(entry.outcome.rawValue) \(entry.subject ?? "-") \(entry.detailJSON)")
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the whole hash chain.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let (count, broken) = try await CLIAccess.run(database) { access, caller in
                try await access.verifyAuditLog(by: caller)
            }
            if let broken {
                print("BROKEN at entry #\(broken) of \(count)")
                throw ExitCode(1)
            }
            print("Intact: \(count) entries")
        }
    }
}

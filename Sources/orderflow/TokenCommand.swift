import ArgumentParser
import Foundation
import OrderFlowApp
import OrderFlowCore

/// `orderflow token create|revoke|list`: API tokens for integrations.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens for integrations.",
        subcommands: [Create.self, Revoke.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token; its secret is printed once and never stored.",
            discussion: "Example: orderflow token create --name booking-site --role customerService@* --days 365")

        @Option(help: "What the token is for.") var name: String
        @Option(help: "A grant such as receptionist@SH01; repeat for several.") var role: [String] = []
        @Option(help: "Days until it expires (default: never).") var days: Int?
        @Flag(help: "Print only the secret (for scripts).") var quiet = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let grants = try CLIGrants.parse(role)
            if let days, days < 1 { throw ValidationError("--days must be at least 1") }
            let (tokenName, lifetime) = (name, days)
            let issued = try await CLIAccess.run(database, creates: true) { access, caller in
                try await access.createToken(
                    name: tokenName, grants: grants,
                    expiresAt: lifetime.map { access.now.addingTimeInterval(Double($0) * 86_400) }, by: caller)
            }
            if quiet {
                print(issued.secret)
            } else {
                print("Token \(issued.token.name) (\(issued.token.id.uuidString.lowercased()))")
                print("Secret (shown this once): \(issued.secret)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id or prefix.")
        @Argument var token: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let reference = token
            let revoked = try await CLIAccess.run(database) { access, caller in
                try await access.revokeToken(reference, by: caller)
            }
            print("Revoked \(revoked.name) (\(revoked.prefix)…)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let (tokens, now) = try await CLIAccess.run(database) { access, caller in
                (try await access.tokens(by: caller), access.now)
            }
            for token in tokens {
                let state =
                    token.revokedAt != nil ? "revoked" : (token.isUsable(at: now) ? "active" : "expired")
                let expiry = token.expiresAt.map { ISO8601DateFormatter().string(from: $0) } ?? "never"
                print(
                    "\(token.prefix)…  \(state.padding(toLength: 8, withPad: " ", startingAt: 0)) \(token.name)  "
                        + "\(GrantText.describe(token.grants))  expires \(expiry)")
            }
        }
    }
}

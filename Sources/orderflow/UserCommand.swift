import ArgumentParser
import Foundation
import OrderFlowApp
import OrderFlowCore
import OrderFlowHTTP
import OrderFlowStore

#if canImport(Glibc)
    import Glibc
#endif

/// `orderflow user add|disable|passwd|roles|list`: staff accounts from the
/// server's shell, through the same use cases and audit log as the API.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage staff accounts.",
        subcommands: [Add.self, Disable.self, Passwd.self, Roles.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open an account. Roles are role@STORE[+STORE…] or role@* for head-office roles.",
            discussion: "Example: orderflow user add sh.li --name 李娜 --role receptionist@SH01 --password-stdin")

        @Argument(help: "User name: 3–32 lowercase letters, digits, dots, dashes, underscores.")
        var username: String

        @Option(help: "The person's name as colleagues know it.")
        var name: String

        @Option(help: "A grant such as receptionist@SH01 or auditor@*; repeat for several.")
        var role: [String] = []

        @Flag(help: "Read the password from standard input (else asked for at the terminal).")
        var passwordStdin = false

        @Flag(help: "Open the account without a password (it cannot sign in until one is set).")
        var noPassword = false

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let grants = try CLIGrants.parse(role)
            let password: String? = noPassword ? nil : try PasswordInput.read(fromStdin: passwordStdin)
            let new = AccessService.NewStaffMember(
                username: username, displayName: name, password: password, grants: grants)
            let member = try await CLIAccess.run(database, creates: true) { access, caller in
                try await access.addStaff(new, by: caller)
            }
            print("Created \(member.username) (\(GrantText.describe(member.grants)))")
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account; nothing is deleted.")
        @Argument var username: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let name = username
            let member = try await CLIAccess.run(database) { access, caller in
                try await access.disable(name, ifMatch: nil, by: caller)
            }
            print("Disabled \(member.username); their sessions have ended.")
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a new password for an account.")
        @Argument var username: String
        @Flag(help: "Read the password from standard input.") var passwordStdin = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let password = try PasswordInput.read(fromStdin: passwordStdin)
            let name = username
            try await CLIAccess.run(database) { access, caller in
                try await access.setPassword(name, to: password, currentPassword: nil, by: caller)
            }
            print("Password set for \(username); their sessions have ended.")
        }
    }

    struct Roles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace an account's roles.")
        @Argument var username: String
        @Option(help: "A grant such as dispatcher@SH01+BJ01; repeat for several.") var role: [String] = []
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let grants = try CLIGrants.parse(role)
            let name = username
            let member = try await CLIAccess.run(database) { access, caller in
                try await access.setRoles(name, to: grants, ifMatch: nil, by: caller)
            }
            print("\(member.username) now holds \(GrantText.describe(member.grants))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts and their roles.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let members = try await CLIAccess.run(database) { access, caller in try await access.staff(by: caller) }
            for member in members {
                let state = member.isActive ? "active  " : "disabled"
                print(
                    "\(member.username.padding(toLength: 20, withPad: " ", startingAt: 0)) \(state) "
                        + "\(member.displayName)  \(GrantText.describe(member.grants))")
            }
        }
    }
}

/// Runs one App use case from the command line, as the shell's user.
enum CLIAccess {
    /// `creates`: the command adds an account or a token, and may start a
    /// new database file (an operator's first step before `serve`); others
    /// only read or change what is there.
    static func run<T: Sendable>(
        _ options: DatabaseOptions, creates: Bool = false,
        _ work: @escaping @Sendable (AccessService, Caller) async throws -> T
    ) async throws -> T {
        var config = AppConfig()
        try options.apply(to: &config, environment: ProcessInfo.processInfo.environment)
        // A mistyped path must not quietly make a new folder or an empty database.
        if config.databaseURL == nil {
            let folder = URL(fileURLWithPath: config.sqlitePath).deletingLastPathComponent().path
            if !creates, !FileManager.default.fileExists(atPath: config.sqlitePath) {
                throw CommandFailure(
                    "No database at \(config.sqlitePath): check --sqlite-path, or create it with `orderflow migrate`")
            }
            if !FileManager.default.fileExists(atPath: folder) {
                throw CommandFailure("No folder \(folder) for the database: check --sqlite-path")
            }
        }
        let logger = CommandSupport.makeLogger()
        let caller = Caller.commandLine(
            user: ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.userName)
        do {
            return try await CommandSupport.withDatabase(config, logger: logger) { database in
                try await Migrator(database: database, logger: logger).migrate()
                return try await work(AccessService(database: database, logger: logger), caller)
            }
        } catch let error as AppError {
            throw CommandFailure(CLIErrors.describe(error))
        }
    }
}

enum CLIGrants {
    static func parse(_ texts: [String]) throws -> [RoleGrant] {
        try texts.map { text in
            guard let grant = GrantText.parse(text) else {
                let roles = Role.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("'\(text)' is not a grant: write role@STORE or role@*; roles: \(roles)")
            }
            return grant
        }
    }
}

enum PasswordInput {
    /// From standard input (one line), or asked twice at the terminal without echo.
    static func read(fromStdin: Bool) throws -> String {
        if fromStdin {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw CommandFailure("No password on standard input")
            }
            return line
        }
        guard let first = prompt("New password: "), let second = prompt("Again: ") else {
            throw CommandFailure("No terminal to ask for the password; use --password-stdin")
        }
        guard first == second else { throw CommandFailure("The two passwords differ") }
        return first
    }

    private static func prompt(_ text: String) -> String? {
        #if canImport(Glibc)
            guard isatty(STDIN_FILENO) == 1, let answer = getpass(text) else { return nil }
            return String(cString: answer)
        #else
            return nil
        #endif
    }
}

/// AppErrors as one readable line for the terminal.
enum CLIErrors {
    static func describe(_ error: AppError) -> String {
        switch error {
        case .invalid(let problems): problems.map { "\($0.field): \($0.message.en)" }.joined(separator: "\n")
        case .notFound(let message), .forbidden(let message), .unauthenticated(let message): message.en
        case .conflict(_, let message): message.en
        case .versionMismatch(let current, _): "changed meanwhile (now v\(current)); try again"
        case .idempotencyKeyReused: "idempotency key reused"
        case .tooManyAttempts(let seconds): "too many attempts; wait \(seconds) s"
        }
    }
}

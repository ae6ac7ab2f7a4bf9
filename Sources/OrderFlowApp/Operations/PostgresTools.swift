import Foundation

/// `pg_dump` and `pg_restore`, run as child processes. They are found in
/// `ORDERFLOW_PG_BIN` when set, else on the PATH, else in the newest
/// `/usr/lib/postgresql/<version>/bin` (Debian's layout). pg_dump must be
/// at least as new as the server.
enum PostgresTools {
    /// Runs `tool` on the database at `databaseURL`. The password goes to
    /// the child in `PGPASSWORD`, never on its command line, where every user
    /// of the machine could read it in the process list.
    static func run(
        _ tool: String, _ arguments: [String], databaseURL: String, environment: [String: String]
    ) async throws {
        let executable = try locate(tool, environment: environment)
        let (dbname, password) = try split(databaseURL)
        var childEnvironment = ProcessInfo.processInfo.environment
        if let password { childEnvironment["PGPASSWORD"] = password }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments + ["--dbname=\(dbname)"]
        process.environment = childEnvironment
        // Its messages go to a file: a pipe nobody reads while it runs could fill and stall it.
        let errorsURL = FileManager.default.temporaryDirectory.appendingPathComponent("orderflow-\(tool)-\(UUID()).log")
        guard FileManager.default.createFile(atPath: errorsURL.path, contents: nil),
            let errors = try? FileHandle(forWritingTo: errorsURL)
        else { throw BackupError("cannot create \(errorsURL.path)") }
        defer {
            try? errors.close()
            try? FileManager.default.removeItem(at: errorsURL)
        }
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let message = String(decoding: FileManager.default.contents(atPath: errorsURL.path) ?? Data(), as: UTF8.self)
        guard status == 0 else {
            throw BackupError(
                "\(tool) failed (exit \(status)): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }

    /// The URL without its password, and the password (decoded).
    static func split(_ databaseURL: String) throws -> (url: String, password: String?) {
        guard var url = URLComponents(string: databaseURL) else {
            throw BackupError("the database URL cannot be read")
        }
        let password = url.password
        url.password = nil
        guard let withoutPassword = url.string else { throw BackupError("the database URL cannot be read") }
        return (withoutPassword, password)
    }

    static func locate(_ tool: String, environment: [String: String]) throws -> URL {
        var folders: [String] = []
        if let configured = environment["ORDERFLOW_PG_BIN"], !configured.isEmpty { folders.append(configured) }
        folders += (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        folders += versions.compactMap(Int.init).sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin" }
        for folder in folders {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent(tool)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw BackupError("\(tool) was not found: install the PostgreSQL client or set ORDERFLOW_PG_BIN")
    }
}

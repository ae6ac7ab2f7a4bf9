import Foundation
import Logging
import OrderFlowStore
import SQLKit
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A throwaway PostgreSQL cluster for the test run: `initdb` into a temp
/// folder, `postgres` in the foreground on a free loopback port with its
/// socket in that folder, stopped with SIGINT and removed when the test
/// process exits. Started once, lazily, and shared: each test gets its own
/// database in it.
///
/// Tests run as root here and PostgreSQL refuses root, so both commands run
/// as the `postgres` user through `setpriv`, which execs without a
/// supervising parent so that signals reach the postmaster (DESIGN.md §6).
public actor PostgresCluster {
    public static let shared = PostgresCluster()

    public struct Running: Sendable {
        public var port: Int
        public var directory: String
    }

    private var running: Running?
    private var databaseCounter = 0

    /// The folder holding `initdb` and `postgres`, or nil when PostgreSQL is not installed.
    public static let binaries: String? = {
        let candidates =
            ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
            .map { "/usr/lib/postgresql/\($0)/bin" } + ["/usr/local/bin", "/usr/bin"]
        return candidates.first { folder in
            FileManager.default.isExecutableFile(atPath: "\(folder)/initdb")
                && FileManager.default.isExecutableFile(atPath: "\(folder)/postgres")
        }
    }()

    /// A fresh, empty database URL in the shared cluster.
    public func makeDatabaseURL() async throws -> String {
        let cluster = try await start()
        databaseCounter += 1
        let name = "t\(databaseCounter)_\(UInt32.random(in: 0...UInt32.max))"
        let admin = PostgresOrderFlowDatabase(
            configuration: try PostgresOrderFlowDatabase.configuration(
                fromURL: "postgres://postgres@127.0.0.1:\(cluster.port)/postgres"),
            logger: TestDatabase.quietLogger)
        try await admin.whileRunning {
            try await admin.read { try await $0.raw("CREATE DATABASE \(ident: name)").run() }
        }
        return "postgres://postgres@127.0.0.1:\(cluster.port)/\(name)"
    }

    private func start() async throws -> Running {
        if let running { return running }
        guard let binaries = Self.binaries else { throw ClusterError.notInstalled }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("orderflow-pg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let owner = Self.postgresUser()
        if let owner { _ = chown(directory, owner.uid, owner.gid) }
        let log = "\(directory)/postgres.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        if let owner { _ = chown(log, owner.uid, owner.gid) }

        try run(
            "\(binaries)/initdb",
            ["-D", "\(directory)/data", "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync"],
            asPostgres: owner != nil, log: log, wait: true)
        let port = try Self.freePort()
        let process = try run(
            "\(binaries)/postgres",
            [
                "-D", "\(directory)/data", "-p", "\(port)", "-k", directory, "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "max_connections=300", "-c", "shared_buffers=64MB",
            ],
            asPostgres: owner != nil, log: log, wait: false)
        ClusterCleanup.register(pid: process.processIdentifier, directory: directory)
        try await Self.waitUntilListening(port: port, process: process, log: log)
        let started = Running(port: port, directory: directory)
        running = started
        return started
    }

    @discardableResult
    private func run(_ executable: String, _ arguments: [String], asPostgres: Bool, log: String, wait: Bool) throws
        -> Process
    {
        let process = Process()
        if asPostgres {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=postgres", "--regid=postgres", "--init-groups", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        // Output to a file, never a pipe: a pipe held open by a child is what hangs Process.
        let handle = FileHandle(forWritingAtPath: log)
        handle?.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        if wait {
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw ClusterError.failed("\(executable) exited \(process.terminationStatus); see \(log)")
            }
        }
        return process
    }

    private static func waitUntilListening(port: Int, process: Process, log: String) async throws {
        for _ in 0..<300 {
            if !process.isRunning { throw ClusterError.failed("postgres stopped at start; see \(log)") }
            if canConnect(port: port) {
                // Listening is not yet accepting logins: give the startup a moment.
                try await Task.sleep(for: .milliseconds(200))
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ClusterError.failed("postgres did not listen within 30 s; see \(log)")
    }

    static func postgresUser() -> (uid: uid_t, gid: gid_t)? {
        guard getuid() == 0, let entry = getpwnam("postgres") else { return nil }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw ClusterError.failed("socket() failed") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0
            }
        }
        guard bound else { throw ClusterError.failed("could not find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func canConnect(port: Int) -> Bool {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { return false }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    public enum ClusterError: Error, CustomStringConvertible {
        case notInstalled
        case failed(String)

        public var description: String {
            switch self {
            case .notInstalled: "PostgreSQL binaries (initdb, postgres) are not installed"
            case .failed(let why): why
            }
        }
    }
}

/// Stops the cluster and removes its folder when the test process exits.
enum ClusterCleanup {
    private static let clusters = Mutex<[(pid: Int32, directory: String)]>([])
    private static let installed = Mutex(false)

    static func register(pid: Int32, directory: String) {
        clusters.withLock { $0.append((pid, directory)) }
        let first = installed.withLock { value in
            defer { value = true }
            return !value
        }
        if first { atexit { ClusterCleanup.stopAll() } }
    }

    static func stopAll() {
        let all = clusters.withLock { value in
            defer { value = [] }
            return value
        }
        for cluster in all {
            // SIGINT is PostgreSQL's "fast shutdown": it ends sessions and exits cleanly.
            kill(cluster.pid, SIGINT)
            var status: Int32 = 0
            for _ in 0..<100 {
                if waitpid(cluster.pid, &status, WNOHANG) != 0 { break }
                usleep(50_000)
            }
            try? FileManager.default.removeItem(atPath: cluster.directory)
        }
    }
}

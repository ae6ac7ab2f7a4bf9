import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore

/// `orderflow restore` (B7): a backup folder into an empty database and
/// the attachments directory, checked before and after. Never over data:
/// a database that already holds anything is refused.
public struct RestoreService: Sendable {
    /// Where the restore goes. SQLite: a file that must not exist yet.
    /// PostgreSQL: a database with no tables.
    public enum Target: Sendable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    let target: Target
    let storage: any AttachmentStorage
    let environment: [String: String]
    let logger: Logger

    public init(target: Target, storage: any AttachmentStorage, environment: [String: String], logger: Logger) {
        self.target = target
        self.storage = storage
        self.environment = environment
        self.logger = logger
    }

    /// Checks the folder against its manifest (every file's SHA-256), then
    /// copies. Nothing is written when a check fails.
    public func checkAndCopy(from folder: URL) async throws -> BackupManifest {
        let manifest = try BackupManifest.read(from: folder)
        let databaseFile = folder.appendingPathComponent(manifest.databaseFile)
        guard FileManager.default.fileExists(atPath: databaseFile.path) else {
            throw BackupError("\(databaseFile.path) is missing")
        }
        let digest = try DurableFiles.digest(of: databaseFile)
        guard digest.sha256 == manifest.databaseSHA256, digest.bytes == manifest.databaseBytes else {
            throw BackupError("\(databaseFile.path) does not match the manifest: it was changed or cut short")
        }
        let saved = FileAttachmentStorage(directory: folder.appendingPathComponent(BackupManifest.attachmentsFolder))
        let missing = Set(manifest.missingAttachments)
        var files: [(String, Data)] = []
        for attachment in manifest.contents.attachments where !missing.contains(attachment.sha256) {
            guard let data = try await saved.get(sha256: attachment.sha256),
                Hashing.sha256Hex(data) == attachment.sha256.lowercased()
            else { throw BackupError("attachment \(attachment.sha256) is missing from the backup or damaged") }
            files.append((attachment.sha256, data))
        }
        switch target {
        case .sqlite(let path):
            guard manifest.engine == DatabaseEngine.sqlite.rawValue else {
                throw BackupError("this is a \(manifest.engine) backup; restore it with --database-url")
            }
            try copySQLite(databaseFile, to: URL(fileURLWithPath: path))
        case .postgres(let url):
            guard manifest.engine == DatabaseEngine.postgres.rawValue else {
                throw BackupError("this is a \(manifest.engine) backup; restore it without --database-url, into SQLite")
            }
            try await PostgresTools.run(
                "pg_restore",
                [
                    "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                    databaseFile.path,
                ],
                databaseURL: url, environment: environment)
        }
        for (sha256, data) in files { try await storage.put(data, sha256: sha256) }
        return manifest
    }

    /// The restored database holds what the manifest says it should.
    public static func compare(_ restored: BackupContents, with manifest: BackupManifest) -> [String] {
        let expected = manifest.contents
        var differences: [String] = []
        func check(_ name: String, _ actual: Int, _ wanted: Int) {
            if actual != wanted { differences.append("\(name): \(actual) restored, \(wanted) in the backup") }
        }
        check("orders", restored.orders, expected.orders)
        check("events", restored.events, expected.events)
        check("audit entries", restored.auditEntries, expected.auditEntries)
        check("attachments", restored.attachments.count, expected.attachments.count)
        return differences
    }

    private func copySQLite(_ source: URL, to target: URL) throws {
        let files = FileManager.default
        for suffix in ["", "-wal", "-shm"] where files.fileExists(atPath: target.path + suffix) {
            throw BackupError("\(target.path + suffix) already exists: restore goes into a new database file")
        }
        try files.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = target.deletingLastPathComponent().appendingPathComponent(
            ".\(target.lastPathComponent).restoring")
        try? files.removeItem(at: partial)
        try files.copyItem(at: source, to: partial)
        try DurableFiles.sync(partial)
        guard rename(partial.path, target.path) == 0 else {
            try? files.removeItem(at: partial)
            throw BackupError("cannot rename \(partial.path) to \(target.path) (errno \(errno))")
        }
        try DurableFiles.sync(target.deletingLastPathComponent())
    }
}

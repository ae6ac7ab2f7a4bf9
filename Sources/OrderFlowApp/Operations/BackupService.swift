import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore

/// `orderflow backup` (B7): the database and the attachments it names, in
/// one consistent snapshot, while the server goes on serving.
///
/// Consistent because attachment files are written before the row that
/// names them, and never changed or removed: every file a snapshot of the
/// database names is already on disk when the snapshot is taken, so copying
/// those files afterwards completes it.
public struct BackupService: Sendable {
    let database: any OrderFlowDatabase
    let storage: any AttachmentStorage
    let environment: [String: String]
    let databaseURL: String?
    let logger: Logger

    public init(
        database: any OrderFlowDatabase, storage: any AttachmentStorage, databaseURL: String?,
        environment: [String: String], logger: Logger
    ) {
        self.database = database
        self.storage = storage
        self.databaseURL = databaseURL
        self.environment = environment
        self.logger = logger
    }

    /// Writes the backup into `folder`, which must not exist yet. It is
    /// built beside it under another name and renamed into place at the
    /// end, so `folder` is either a whole backup or absent.
    public func backup(to folder: URL) async throws -> BackupManifest {
        let files = FileManager.default
        guard !files.fileExists(atPath: folder.path) else {
            throw BackupError("\(folder.path) already exists: a backup goes into a new folder")
        }
        let parent = folder.deletingLastPathComponent()
        try files.createDirectory(at: parent, withIntermediateDirectories: true)
        let partial = parent.appendingPathComponent(".\(folder.lastPathComponent).partial-\(UUID().uuidString)")
        try files.createDirectory(at: partial, withIntermediateDirectories: false)
        do {
            let manifest = try await write(into: partial)
            guard rename(partial.path, folder.path) == 0 else {
                throw BackupError("cannot rename \(partial.path) to \(folder.path) (errno \(errno))")
            }
            try DurableFiles.sync(parent)
            return manifest
        } catch {
            try? files.removeItem(at: partial)
            throw error
        }
    }

    private func write(into folder: URL) async throws -> BackupManifest {
        let (fileName, contents) = try await copyDatabase(into: folder)
        let attachments = FileAttachmentStorage(
            directory: folder.appendingPathComponent(BackupManifest.attachmentsFolder))
        var missing: [String] = []
        for attachment in contents.attachments {
            guard let data = try await storage.get(sha256: attachment.sha256),
                Hashing.sha256Hex(data) == attachment.sha256.lowercased()
            else {
                missing.append(attachment.sha256)
                continue
            }
            try await attachments.put(data, sha256: attachment.sha256)
        }
        let databaseURL = folder.appendingPathComponent(fileName)
        try DurableFiles.sync(databaseURL)
        let digest = try DurableFiles.digest(of: databaseURL)
        let manifest = BackupManifest(
            format: BackupManifest.currentFormat, engine: database.engine.rawValue, createdAt: Date(),
            databaseFile: fileName, databaseSHA256: digest.sha256, databaseBytes: digest.bytes, contents: contents,
            missingAttachments: missing)
        try manifest.write(to: folder)
        return manifest
    }

    /// Copies the database into `folder` and counts what the copy holds.
    private func copyDatabase(into folder: URL) async throws -> (String, BackupContents) {
        if let sqlite = database as? SQLiteOrderFlowDatabase {
            let target = folder.appendingPathComponent("orderflow.sqlite")
            try await sqlite.snapshot(into: target.path)
            // Counted in the copy itself, which is exactly what restores.
            let copy = try await SQLiteOrderFlowDatabase.open(path: target.path, readerCount: 1, logger: logger)
            do {
                let contents = try await copy.read { try await BackupContents.read(on: $0) }
                await copy.shutdown()
                return (target.lastPathComponent, contents)
            } catch {
                await copy.shutdown()
                throw error
            }
        }
        guard let postgres = database as? PostgresOrderFlowDatabase, let databaseURL else {
            throw BackupError("this database cannot be backed up by orderflow")
        }
        let target = folder.appendingPathComponent("orderflow.pgdump")
        let environment = self.environment
        // pg_dump reads the very snapshot the counts below are taken in.
        let contents = try await postgres.withExportedSnapshot { snapshot, db in
            try await PostgresTools.run(
                "pg_dump",
                [
                    "--format=custom", "--no-owner", "--no-privileges", "--snapshot=\(snapshot)",
                    "--file=\(target.path)",
                ],
                databaseURL: databaseURL, environment: environment)
            return try await BackupContents.read(on: db)
        }
        return (target.lastPathComponent, contents)
    }
}

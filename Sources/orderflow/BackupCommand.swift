import ArgumentParser
import Foundation
import OrderFlowApp
import OrderFlowHTTP
import OrderFlowStore

/// `orderflow backup`: the database and its attachments, consistent, while serving.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database and its attachments into a new folder, while the server runs.",
        discussion: """
            SQLite: VACUUM INTO (one snapshot; a plain copy of the file misses what is still in its WAL).
            PostgreSQL: pg_dump in the snapshot the attachments are listed in. The folder holds
            manifest.json with every file's SHA-256; `orderflow restore --from FOLDER` checks and restores it.
            """)

    @Option(help: "The folder to create (must not exist).")
    var to: String

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let config = try CommandSupport.dataConfig(database, environment: environment)
        if config.databaseURL == nil, !FileManager.default.fileExists(atPath: config.sqlitePath) {
            throw CommandFailure("There is no database at \(config.sqlitePath) to back up.")
        }
        let logger = CommandSupport.makeLogger()
        let folder = URL(fileURLWithPath: to)
        let storage = FileAttachmentStorage(directory: config.attachmentsDirectory)
        let manifest = try await CommandSupport.withDatabase(config, logger: logger) { database in
            try await BackupService(
                database: database, storage: storage, databaseURL: config.databaseURL, environment: environment,
                logger: logger
            ).backup(to: folder)
        }
        let contents = manifest.contents
        print(
            "Backed up \(contents.orders) orders, \(contents.events) events, \(contents.auditEntries) audit entries "
                + "and \(contents.attachments.count - manifest.missingAttachments.count) attachments to \(folder.path)")
        if !manifest.missingAttachments.isEmpty {
            throw CommandFailure(
                "WARNING: \(manifest.missingAttachments.count) attachments the database names were missing from "
                    + "\(config.attachmentsDirectory.path); they are listed in the manifest.")
        }
    }
}

/// `orderflow restore`: a backup into an empty database, checked before and after.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup folder into an empty database and the attachments directory.",
        discussion: """
            Every file is checked against the manifest first; nothing is written when one fails. Afterwards the
            database is migrated to this version, counted against the manifest, and every hash chain verified.
            """)

    @Option(help: "The backup folder (made by `orderflow backup`).")
    var from: String

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let config = try CommandSupport.dataConfig(database, environment: environment)
        let logger = CommandSupport.makeLogger()
        let storage = FileAttachmentStorage(directory: config.attachmentsDirectory)
        let target: RestoreService.Target
        if let url = config.databaseURL {
            target = .postgres(url: url)
            let empty = try await CommandSupport.withDatabase(config, logger: logger) { database in
                try await (database as? PostgresOrderFlowDatabase)?.isEmpty() ?? false
            }
            guard empty else {
                throw CommandFailure("The database already holds tables: restore goes into an empty one.")
            }
        } else {
            target = .sqlite(path: config.sqlitePath)
        }
        let service = RestoreService(target: target, storage: storage, environment: environment, logger: logger)
        let manifest: BackupManifest
        do {
            manifest = try await service.checkAndCopy(from: URL(fileURLWithPath: from))
        } catch let error as BackupError {
            throw CommandFailure("Not restored: \(error.description)")
        }
        let (contents, report) = try await CommandSupport.withDatabase(config, logger: logger) { database in
            try await Migrator(database: database, logger: logger).migrate()
            let contents = try await database.read { try await BackupContents.read(on: $0) }
            return (contents, try await IntegrityCheck(database: database).run())
        }
        let differences = RestoreService.compare(contents, with: manifest)
        print("Restored \(report.summary) and \(contents.attachments.count) attachments from \(from)")
        guard differences.isEmpty, report.isIntact else {
            throw CommandFailure(
                "The restored database does not match its backup:\n- "
                    + (differences + report.findings).joined(separator: "\n- "))
        }
        print("Every event chain and the audit log verify.")
    }
}

/// `orderflow verify`: every order's event chain and the audit log, at once.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Verify every order's event chain and the audit log (exit 1 if broken).")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let config = try CommandSupport.dataConfig(database, environment: ProcessInfo.processInfo.environment)
        let logger = CommandSupport.makeLogger()
        let report = try await CommandSupport.withDatabase(config, logger: logger) { database in
            try await IntegrityCheck(database: database).run()
        }
        guard report.isIntact else {
            throw CommandFailure("BROKEN (\(report.summary)):\n- " + report.findings.joined(separator: "\n- "))
        }
        print("Intact: \(report.summary)")
    }
}

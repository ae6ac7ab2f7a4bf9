import Crypto
import Foundation
import OrderFlowStore

/// `manifest.json` of a backup folder: what is in it and how to check it.
/// A folder with a manifest is complete (it is written last, and the folder
/// renamed into place after it).
public struct BackupManifest: Sendable, Equatable, Codable {
    public static let currentFormat = "orderflow-backup/1"
    public static let fileName = "manifest.json"
    public static let attachmentsFolder = "attachments"

    public var format: String
    /// "sqlite" or "postgres": a backup restores into the same engine.
    public var engine: String
    public var createdAt: Date
    /// The database copy in the folder: `orderflow.sqlite` or `orderflow.pgdump`.
    public var databaseFile: String
    public var databaseSHA256: String
    public var databaseBytes: Int
    /// Counted inside the snapshot that was copied.
    public var contents: BackupContents
    /// Files the database names that were not in the attachments directory.
    public var missingAttachments: [String]

    static func read(from folder: URL) throws -> BackupManifest {
        let url = folder.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw BackupError("\(folder.path) is not a complete backup: it has no \(fileName)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let manifest = try decoder.decode(BackupManifest.self, from: data)
        guard manifest.format == currentFormat else {
            throw BackupError("\(url.path) is a \(manifest.format) backup; this version reads \(currentFormat)")
        }
        return manifest
    }

    func write(to folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try DurableFiles.write(try encoder.encode(self), to: folder.appendingPathComponent(Self.fileName))
    }
}

/// Why a backup or restore stopped, in words for the operator.
public struct BackupError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) { self.description = description }
}

/// Whole files written so that a power cut leaves either nothing or all of it.
enum DurableFiles {
    static func write(_ data: Data, to url: URL) throws {
        try data.write(to: url, options: .atomic)
        try sync(url)
        try sync(url.deletingLastPathComponent())
    }

    /// fsync of a file or a folder (a folder's entries are what a rename changes).
    static func sync(_ url: URL) throws {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { throw BackupError("cannot open \(url.path) to sync it (errno \(errno))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw BackupError("fsync of \(url.path) failed (errno \(errno))") }
    }

    /// SHA-256 and size of a file of any size, read a megabyte at a time.
    static func digest(of url: URL) throws -> (sha256: String, bytes: Int) {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        var bytes = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            bytes += chunk.count
        }
        return (hasher.finalize().map { String(format: "%02x", $0) }.joined(), bytes)
    }
}

import Foundation
import OrderFlowCore

/// Where attachment bytes live, outside the database (R5.2): a directory on
/// one machine, or a shared volume or object store for several instances.
/// Content-addressed by SHA-256, so writing the same bytes twice is harmless
/// and a file written before its database row failed is only an orphan,
/// never a wrong answer.
public protocol AttachmentStorage: Sendable {
    func put(_ data: Data, sha256: String) async throws
    func get(sha256: String) async throws -> Data?
}

/// Files under a directory, fanned out as `ab/cd/abcdef…` so that no
/// directory grows past a few thousand entries.
public struct FileAttachmentStorage: AttachmentStorage {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    func path(of sha256: String) -> URL {
        let hex = sha256.lowercased()
        let first = String(hex.prefix(2))
        let second = String(hex.dropFirst(2).prefix(2))
        return directory.appendingPathComponent(first).appendingPathComponent(second).appendingPathComponent(hex)
    }

    public func put(_ data: Data, sha256: String) async throws {
        guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit) else { throw CocoaError(.fileWriteInvalidFileName) }
        let target = path(of: sha256)
        if FileManager.default.fileExists(atPath: target.path) { return }
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Written whole to a temporary name, then renamed: a reader never sees half a file.
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(sha256).\(UUID().uuidString)")
        try data.write(to: temporary)
        do {
            try FileManager.default.moveItem(at: temporary, to: target)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            // Another instance stored the same bytes first.
            guard FileManager.default.fileExists(atPath: target.path) else { throw error }
        }
    }

    public func get(sha256: String) async throws -> Data? {
        guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit) else { return nil }
        let target = path(of: sha256)
        guard FileManager.default.fileExists(atPath: target.path) else { return nil }
        return try Data(contentsOf: target)
    }
}

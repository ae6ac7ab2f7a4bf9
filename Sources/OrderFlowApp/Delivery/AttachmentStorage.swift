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
/// directory grows past a few thousand entries. A file is on disk before
/// `put` returns, so a power cut cannot leave a database row pointing at a
/// missing or half-written file: written to a temporary name, fsync'd,
/// renamed, and its directory fsync'd.
public struct FileAttachmentStorage: AttachmentStorage {
    public let directory: URL
    /// Told of each fsync, file or directory, in order (for tests).
    let synced: @Sendable (URL) -> Void

    public init(directory: URL) {
        self.init(directory: directory, synced: { _ in })
    }

    init(directory: URL, synced: @escaping @Sendable (URL) -> Void) {
        self.directory = directory
        self.synced = synced
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
        // A file already there is kept only when it holds these very bytes.
        if let existing = FileManager.default.contents(atPath: target.path),
            Hashing.sha256Hex(existing) == sha256.lowercased()
        {
            return
        }
        let folder = target.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: folder.path) {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            // New folders are entries of their parents: make those durable too.
            try sync(folder.deletingLastPathComponent().deletingLastPathComponent(), directory: true)
            try sync(folder.deletingLastPathComponent(), directory: true)
        }
        // Written whole to a temporary name, then renamed: a reader never sees half a file.
        let temporary = folder.appendingPathComponent(".\(sha256).\(UUID().uuidString)")
        do {
            try write(data, to: temporary)
            guard rename(temporary.path, target.path) == 0 else { throw POSIXError(errnoCode) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        try sync(folder, directory: true)
    }

    public func get(sha256: String) async throws -> Data? {
        guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit) else { return nil }
        let target = path(of: sha256)
        guard FileManager.default.fileExists(atPath: target.path) else { return nil }
        return try Data(contentsOf: target)
    }

    private func write(_ data: Data, to url: URL) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw POSIXError(errnoCode) }
        defer { close(descriptor) }
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(
                    descriptor, buffer.baseAddress?.advanced(by: offset), buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw POSIXError(errnoCode)
                }
                offset += written
            }
        }
        guard fsync(descriptor) == 0 else { throw POSIXError(errnoCode) }
        synced(url)
    }

    private func sync(_ url: URL, directory: Bool) throws {
        let descriptor = open(url.path, O_RDONLY | (directory ? O_DIRECTORY : 0))
        guard descriptor >= 0 else { throw POSIXError(errnoCode) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw POSIXError(errnoCode) }
        synced(url)
    }

    private var errnoCode: POSIXErrorCode { POSIXErrorCode(rawValue: errno) ?? .EIO }
}

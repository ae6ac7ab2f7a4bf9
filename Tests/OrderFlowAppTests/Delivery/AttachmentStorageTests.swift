import Foundation
import Synchronization
import Testing

@testable import OrderFlowApp

/// R5.2: an attachment is on disk before its row is written, so a power cut
/// cannot leave a row pointing at a missing or half-written file.
@Suite("R5.2 attachment files are durable")
struct AttachmentStorageTests {
    static func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("attachments-\(UUID().uuidString)")
    }

    @Test("R5.2 the file is fsync'd before its rename and its folder after it")
    func syncOrder() async throws {
        let root = Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let seen = Mutex<[String]>([])
        let storage = FileAttachmentStorage(directory: root) { url in
            seen.withLock { $0.append(url.lastPathComponent) }
        }
        let bytes = Data("photo bytes".utf8)
        let hash = Hashing.sha256Hex(bytes)
        try await storage.put(bytes, sha256: hash)
        let synced = seen.withLock { $0 }
        // New folders, then the temporary file, then the folder holding the renamed file.
        let fileIndex = try #require(synced.firstIndex { $0.hasPrefix(".\(hash).") })
        #expect(synced.last == String(hash.dropFirst(2).prefix(2)))
        #expect(fileIndex == synced.count - 2)
        #expect(try await storage.get(sha256: hash) == bytes)
        // No temporary file is left behind.
        let folder = storage.path(of: hash).deletingLastPathComponent()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [hash])
    }

    @Test("R5.2 a damaged file under the name (half written before a crash) is replaced")
    func damagedFileReplaced() async throws {
        let root = Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let storage = FileAttachmentStorage(directory: root)
        let bytes = Data(repeating: 7, count: 4096)
        let hash = Hashing.sha256Hex(bytes)
        let target = storage.path(of: hash)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(repeating: 0, count: 100).write(to: target)
        try await storage.put(bytes, sha256: hash)
        #expect(try await storage.get(sha256: hash) == bytes)
        // The same bytes again: kept, nothing rewritten.
        try await storage.put(bytes, sha256: hash)
        #expect(try await storage.get(sha256: hash) == bytes)
    }
}

import Foundation
import Logging
import Synchronization

/// How the server writes its log: readable lines (the default) or one JSON
/// object per line for a log collector (`--log-format json`). Either way
/// every line written while a request runs carries its `request_id`.
public enum LogFormat: String, Sendable, CaseIterable {
    case text
    case json

    /// Makes this format the process's logging backend. Call once, first.
    public func bootstrap(level: Logger.Level) {
        let provider = ServerLogging.requestMetadata
        switch self {
        case .text:
            LoggingSystem.bootstrap(
                { label, provider in
                    var handler = StreamLogHandler.standardError(label: label, metadataProvider: provider)
                    handler.logLevel = level
                    return handler
                }, metadataProvider: provider)
        case .json:
            LoggingSystem.bootstrap(
                { label, provider in
                    var handler = JSONLogHandler(label: label, metadataProvider: provider)
                    handler.logLevel = level
                    return handler
                }, metadataProvider: provider)
        }
    }
}

enum ServerLogging {
    /// The running request's id, added to every log line written on its behalf.
    static let requestMetadata = Logger.MetadataProvider {
        RequestScope.requestID.map { ["request_id": .string($0)] } ?? [:]
    }
}

/// One JSON object per line on standard error: `time` (RFC 3339, UTC),
/// `level`, `logger`, `message`, `source`, and the metadata's members
/// (the logger's, the provider's, the call's; the call's win). swift-log
/// ships no JSON handler and the mirror has none, so it is written here.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    /// Where lines go; standard error unless a test collects them.
    let write: @Sendable (String) -> Void

    public init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil,
        write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        var object: [String: Any] = [:]
        for (key, value) in merged { object[key] = Self.json(value) }
        object["time"] = Self.timestamp()
        object["level"] = event.level.rawValue
        object["logger"] = label
        object["message"] = event.message.description
        object["source"] = event.source
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{\"message\":\"unencodable log line\"}".utf8)
        write(String(decoding: data, as: UTF8.self) + "\n")
    }

    static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(json)
        case .dictionary(let members): members.mapValues(json)
        }
    }

    static func timestamp() -> String {
        // The log's own wall clock: a log line states when it was written, not the application's clock.
        Date.now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private static let lock = Mutex(())

    /// One write per line under a lock, so lines from several threads never interleave.
    public static let standardError: @Sendable (String) -> Void = { line in
        lock.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }
}

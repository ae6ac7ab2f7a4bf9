import Foundation
import OrderFlowCore

/// The console's words: per language, one JSON catalog per chapter in
/// `Messages/<language>/<chapter>.json`, merged at start. Templates read
/// them as `{{t.key}}`; placeholders are `{name}` (`text(_:_:_:)`). A key
/// defined in two files stops the start (`MessageClash`), and a test fails
/// when a key is missing from a language or a template uses an unknown one.
/// Labels that belong to the domain (statuses, roles, the checks' messages)
/// come from Core's `LocalizedText` instead.
public struct ConsoleMessages: Sendable {
    public let tables: [Language: [String: String]]

    public init(tables: [Language: [String: String]]) { self.tables = tables }

    /// Reads the catalogs shipped with the server.
    public static func bundled() throws -> ConsoleMessages {
        guard let folder = Bundle.module.url(forResource: "Messages", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try load(from: folder)
    }

    /// Reads `<folder>/<language>/*.json`, refusing a key defined twice.
    public static func load(from folder: URL) throws -> ConsoleMessages {
        var tables: [Language: [String: String]] = [:]
        for language in [Language.zhHans, .en] {
            let directory = folder.appendingPathComponent(language.rawValue)
            let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
            var table: [String: String] = [:]
            var owner: [String: String] = [:]
            for file in files {
                let chapter = file.deletingPathExtension().lastPathComponent
                for (key, text) in try JSONDecoder().decode([String: String].self, from: Data(contentsOf: file)) {
                    if let first = owner[key] {
                        throw MessageClash(key: key, language: language.rawValue, files: [first, chapter])
                    }
                    owner[key] = chapter
                    table[key] = text
                }
            }
            tables[language] = table
        }
        return ConsoleMessages(tables: tables)
    }

    public func table(_ language: Language) -> [String: String] { tables[language] ?? [:] }

    /// One message, with `{name}` placeholders filled in.
    public func text(_ key: String, _ language: Language, _ values: [String: String] = [:]) -> String {
        Self.filled(table(language)[key] ?? key, values)
    }

    /// `{name}` placeholders replaced by their values: the one placeholder style.
    static func filled(_ text: String, _ values: [String: String]) -> String {
        values.reduce(text) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }
}

/// One key in two chapters' catalogs of a language.
public struct MessageClash: Error, Equatable, CustomStringConvertible {
    public let key: String
    public let language: String
    public let files: [String]
    public var description: String {
        "message \(key) (\(language)) is defined in both \(files.joined(separator: " and "))"
    }
}

extension Language {
    /// From a cookie or a link: `zh-Hans` (or `zh`) and `en`.
    public init?(tag: String) {
        switch tag.lowercased() {
        case "zh-hans", "zh": self = .zhHans
        case "en": self = .en
        default: return nil
        }
    }
}

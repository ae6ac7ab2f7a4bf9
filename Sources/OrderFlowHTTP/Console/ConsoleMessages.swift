import Foundation
import OrderFlowCore

/// The console's words, one JSON catalog per language in `Messages/`
/// (`zh-Hans.json`, `en.json`). Templates read them as `{{t.key}}`; a test
/// fails when a key is missing from either catalog or a template uses a key
/// that neither has. Labels that belong to the domain (statuses, roles, the
/// checks' messages) come from Core's `LocalizedText` instead.
public struct ConsoleMessages: Sendable {
    public let tables: [Language: [String: String]]

    public init(tables: [Language: [String: String]]) { self.tables = tables }

    /// Reads the catalogs shipped with the server.
    public static func bundled() throws -> ConsoleMessages {
        var tables: [Language: [String: String]] = [:]
        for language in [Language.zhHans, .en] {
            guard let url = Bundle.module.url(forResource: "Messages/\(language.rawValue)", withExtension: "json")
            else {
                throw CocoaError(.fileNoSuchFile)
            }
            tables[language] = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
        }
        return ConsoleMessages(tables: tables)
    }

    public func table(_ language: Language) -> [String: String] { tables[language] ?? [:] }

    /// One message, with `{name}` placeholders filled in.
    public func text(_ key: String, _ language: Language, _ values: [String: String] = [:]) -> String {
        var text = table(language)[key] ?? key
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
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

import Foundation

/// The two languages the product speaks. Chinese is the working language of
/// the company; English is for everyone else.
public enum Language: String, Codable, Sendable, CaseIterable {
    case zhHans = "zh-Hans"
    case en

    /// Picks a language from an HTTP `Accept-Language` value; Chinese wins
    /// when nothing usable is given, as it is the staff's working language.
    public static func preferred(fromAcceptLanguage header: String?) -> Language {
        guard let header, !header.isEmpty else { return .zhHans }
        let ranked = header.split(separator: ",").compactMap { part -> (String, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { return nil }
            var quality = 1.0
            for piece in pieces.dropFirst() where piece.hasPrefix("q=") {
                quality = Double(piece.dropFirst(2)) ?? 0
            }
            return (tag, quality)
        }
        for (tag, _) in ranked.sorted(by: { $0.1 > $1.1 }) {
            if tag.hasPrefix("zh") { return .zhHans }
            if tag.hasPrefix("en") { return .en }
        }
        return .zhHans
    }
}

/// A piece of text in both languages, so that a rule's message is written
/// once, next to the rule, and every caller can pick its reader's language.
public struct LocalizedText: Hashable, Codable, Sendable {
    public var zhHans: String
    public var en: String

    public init(zhHans: String, en: String) {
        self.zhHans = zhHans
        self.en = en
    }

    public func text(in language: Language) -> String {
        switch language {
        case .zhHans: zhHans
        case .en: en
        }
    }
}

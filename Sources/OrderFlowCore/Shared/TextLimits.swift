import Foundation

/// Sane upper bounds for free text, so that an oversized field is a field
/// error rather than a row nobody can display.
public enum TextLimits {
    public static let name = 50
    public static let shortText = 100
    public static let addressDetail = 200
    public static let specification = 200
    public static let notes = 1_000
    public static let reason = 500
}

extension String {
    /// The string without leading and trailing white space, or nil when nothing is left.
    public var trimmedOrNil: String? {
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// Mainland China phone numbers as customers give them (R2.3): mobiles
/// (`138 1234 5678`, `+86 13812345678`) and landlines with area code
/// (`021-6123 4567`, `0755-12345678`). Normalised to digits only, so that
/// the same phone is the same string for search, duplicates and block lists.
public enum PhoneNumber {
    /// The normalised number, or nil when it is neither a mobile nor a landline.
    public static func normalized(_ raw: String) -> String? {
        var digits = raw.filter { !" -()\u{3000}".contains($0) }
        if digits.hasPrefix("+86") {
            digits.removeFirst(3)
        } else if digits.hasPrefix("0086") {
            digits.removeFirst(4)
        }
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        if isMobile(digits) || isLandline(digits) { return digits }
        return nil
    }

    /// 11 digits starting 13–19.
    public static func isMobile(_ digits: String) -> Bool {
        guard digits.count == 11, digits.first == "1", let second = digits.dropFirst().first else { return false }
        return ("3"..."9").contains(second)
    }

    /// Area code (0 + 2 or 3 digits) and a 7- or 8-digit local number. Two-digit
    /// area codes (010 Beijing, 02x) always have 8-digit local numbers.
    static func isLandline(_ digits: String) -> Bool {
        guard digits.first == "0", digits.count >= 10, digits.count <= 12 else { return false }
        let second = digits.dropFirst().first
        if second == "1" || second == "2" { return digits.count == 11 }
        return digits.count == 11 || digits.count == 12
    }

    /// `138****5678`: what a reader without need-to-know sees (R1.4).
    public static func masked(_ phone: String) -> String {
        guard phone.count > 7 else { return String(repeating: "*", count: phone.count) }
        return phone.prefix(3) + String(repeating: "*", count: phone.count - 7) + phone.suffix(4)
    }
}

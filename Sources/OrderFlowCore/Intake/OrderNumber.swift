/// The order number people read out on the phone: store, local day and a
/// daily sequence, e.g. `SH01-20261129-0007` (DESIGN.md §3).
public enum OrderNumber {
    public static func make(storeCode: String, day: LocalDate, sequence: Int) -> String {
        let digits = String(sequence)
        let padded = digits.count >= 4 ? digits : String(repeating: "0", count: 4 - digits.count) + digits
        return "\(storeCode)-\(day.compact)-\(padded)"
    }

    /// Whether a text looks like an order number rather than an order id.
    public static func looksLikeOrderNumber(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        return parts.count == 3 && parts[1].count == 8 && parts[1].allSatisfy(\.isNumber)
            && parts[2].allSatisfy(\.isNumber)
    }
}

/// Masking of customers' personal data for readers without need-to-know
/// (R1.4): `张*`, `138****5678`, district only.
public enum PersonalData {
    /// Keeps the first character: 张伟 → 张*, 欧阳娜娜 → 欧***.
    public static func maskedName(_ name: String) -> String {
        guard let first = name.first else { return "" }
        return String(first) + String(repeating: "*", count: max(1, name.count - 1))
    }

    public static func maskedPhone(_ phone: String) -> String { PhoneNumber.masked(phone) }

    /// Province, city and district: enough to plan a route, not to knock on a door.
    public static func maskedAddress(_ address: Address) -> Address {
        Address(province: address.province, city: address.city, district: address.district, detail: "")
    }

    /// The first letter of the mailbox and the domain: `z***@example.com`.
    public static func maskedEmail(_ email: String) -> String {
        guard let at = email.firstIndex(of: "@"), let first = email.first else { return "***" }
        return "\(first)***\(email[at...])"
    }

    /// The customer as a reader without need-to-know sees them.
    public static func masked(_ customer: Customer) -> Customer {
        Customer(
            name: maskedName(customer.name), phone: maskedPhone(customer.phone),
            address: customer.address.map(maskedAddress), tier: customer.tier, email: customer.email.map(maskedEmail),
            language: customer.language)
    }
}

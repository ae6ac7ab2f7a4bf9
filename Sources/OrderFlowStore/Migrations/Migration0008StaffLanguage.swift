/// Each person's chosen console language (`zh-Hans` or `en`); null until
/// they choose, when the browser's `Accept-Language` decides.
enum Migration0008StaffLanguage {
    static let migration = Migration(number: 8, name: "staff-language") { _ in
        ["ALTER TABLE staff ADD COLUMN preferred_language TEXT"]
    }
}

import Foundation

/// A service store (门店). Every order belongs to one; its time zone, opening
/// hours and holidays decide which appointment times it can take (R2.3).
public struct Store: Hashable, Codable, Sendable {
    /// Short stable code used in order numbers, e.g. `SH01`.
    public var code: String
    public var name: LocalizedText
    public var address: Address
    public var phone: String
    /// IANA identifier; Asia/Shanghai unless the store says otherwise.
    public var timeZoneID: String
    public var openingHours: WeeklyOpeningHours
    public var holidays: Set<LocalDate>

    public init(
        code: String, name: LocalizedText, address: Address, phone: String,
        timeZoneID: String = "Asia/Shanghai", openingHours: WeeklyOpeningHours,
        holidays: Set<LocalDate> = []
    ) {
        self.code = code
        self.name = name
        self.address = address
        self.phone = phone
        self.timeZoneID = timeZoneID
        self.openingHours = openingHours
        self.holidays = holidays
    }

    public var timeZone: TimeZone { TimeZone(identifier: timeZoneID) ?? .shanghai }

    /// A Gregorian calendar in the store's time zone: all "which day, what
    /// hour" questions about this store are asked of it.
    public var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    public func localDate(of instant: Date) -> LocalDate {
        LocalDate(instant, in: calendar)
    }
}

extension TimeZone {
    public static let shanghai = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt
}

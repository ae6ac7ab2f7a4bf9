import Foundation

/// How a technician reached the customer (R3.4).
public enum ContactMethod: String, Hashable, Codable, Sendable, CaseIterable {
    case phone
    case sms
    case wechat
    case inPerson

    public var label: LocalizedText {
        switch self {
        case .phone: LocalizedText(zhHans: "电话", en: "Phone")
        case .sms: LocalizedText(zhHans: "短信", en: "SMS")
        case .wechat: LocalizedText(zhHans: "微信", en: "WeChat")
        case .inPerson: LocalizedText(zhHans: "当面", en: "In person")
        }
    }
}

/// What came of a contact attempt (R3.4).
public enum ContactResult: String, Hashable, Codable, Sendable, CaseIterable {
    /// Time, place and needs confirmed as booked.
    case confirmed
    /// The customer agreed another time.
    case rescheduled
    case noAnswer
    /// The customer no longer wants the visit: the store follows up.
    case declined

    public var label: LocalizedText {
        switch self {
        case .confirmed: LocalizedText(zhHans: "已确认", en: "Confirmed")
        case .rescheduled: LocalizedText(zhHans: "改约", en: "Rescheduled")
        case .noAnswer: LocalizedText(zhHans: "未接通", en: "No answer")
        case .declined: LocalizedText(zhHans: "客户拒绝", en: "Declined")
        }
    }
}

/// A contact confirmation with the customer (联系确认, R3.4).
public struct ContactConfirmation: Hashable, Codable, Sendable {
    public var method: ContactMethod
    public var result: ContactResult
    public var note: String
    /// The time agreed with the customer, when one was.
    public var agreedStart: Date?
    public var agreedEnd: Date?

    public init(method: ContactMethod, result: ContactResult, note: String, agreedStart: Date?, agreedEnd: Date?) {
        self.method = method
        self.result = result
        self.note = note
        self.agreedStart = agreedStart
        self.agreedEnd = agreedEnd
    }
}

extension ContactConfirmation {
    /// The new appointment the customer agreed to, when this contact moved it.
    public func newWindow(comparedWith appointment: AppointmentWindow) -> AppointmentWindow? {
        guard result == .rescheduled, let agreedStart, let agreedEnd, agreedStart < agreedEnd else { return nil }
        let window = AppointmentWindow(start: agreedStart, end: agreedEnd)
        return window == appointment ? nil : window
    }
}

/// A request for a site survey before the service (现场勘查, R3.4).
public struct SiteSurveyRequest: Hashable, Codable, Sendable {
    public var note: String
    public var preferredDate: LocalDate?

    public init(note: String, preferredDate: LocalDate?) {
        self.note = note
        self.preferredDate = preferredDate
    }
}

/// Where a device said it was, when it offered to (R3.7).
public struct GeoPoint: Hashable, Codable, Sendable {
    public var latitude: Double
    public var longitude: Double
    /// Metres, as the device reported.
    public var accuracy: Double?

    public init(latitude: Double, longitude: Double, accuracy: Double?) {
        self.latitude = latitude
        self.longitude = longitude
        self.accuracy = accuracy
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

/// One part or material used, with its quantity (R3.8).
public struct MaterialUsed: Hashable, Codable, Sendable {
    public var name: String
    /// In thousandths of `unit`, so 1.5 m is 1500: quantities are exact.
    public var quantityMilli: Int64
    public var unit: String

    public init(name: String, quantityMilli: Int64, unit: String) {
        self.name = name
        self.quantityMilli = quantityMilli
        self.unit = unit
    }

    /// Reads "2", "1.5" or "0.125" exactly; nil for anything else (more
    /// than three decimals, signs, exponents, text).
    public static func quantityMilli(from text: String) -> Int64? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let wholeText = parts.first, !wholeText.isEmpty, wholeText.count <= 9,
            wholeText.allSatisfy(\.isASCIIDigit), let whole = Int64(wholeText)
        else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...3).contains(digits.count), digits.allSatisfy(\.isASCIIDigit) else { return nil }
            fraction = Int64(digits.padding(toLength: 3, withPad: "0", startingAt: 0)) ?? 0
        }
        return whole * 1000 + fraction
    }

    public var quantityText: String {
        let whole = quantityMilli / 1000
        let rest = quantityMilli % 1000
        guard rest != 0 else { return String(whole) }
        var fraction = String(rest)
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }
}

/// The service record (服务记录, R3.8): what was done, with what, and what
/// the customer said. Submitted once and never changed: a correction is a
/// new record that names the one it corrects, and both stay visible.
public struct ServiceRecord: Hashable, Codable, Sendable {
    public var workDone: String
    public var materials: [MaterialUsed]
    public var customerFeedback: String
    /// The entry (event sequence) this record corrects, with why.
    public var corrects: Int?
    public var correctionReason: String?

    public init(
        workDone: String, materials: [MaterialUsed], customerFeedback: String, corrects: Int? = nil,
        correctionReason: String? = nil
    ) {
        self.workDone = workDone
        self.materials = materials
        self.customerFeedback = customerFeedback
        self.corrects = corrects
        self.correctionReason = correctionReason
    }
}

/// One thing a technician records on a job. Stored as events in the order's
/// hash-chained timeline, so nothing recorded can be edited or dropped.
public enum JobEntry: Hashable, Sendable {
    case contact(ContactConfirmation)
    case siteSurvey(SiteSurveyRequest)
    case checklistTick(itemCode: String, entry: String, done: Bool)
    case checkIn(location: GeoPoint?)
    case checkOut(location: GeoPoint?)
    case serviceRecord(ServiceRecord)
}

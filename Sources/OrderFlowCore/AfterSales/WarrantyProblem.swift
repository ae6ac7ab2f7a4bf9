/// The problem categories warranty scopes are written in (R6.1), shared by
/// the service lines (appliance repair, cleaning, car care, device repair),
/// so that a claim's problem can be matched against a policy's scope and
/// counted in the statistics (R6.5). Policies store the raw codes; a code
/// not listed here is still valid, it just has no label of its own.
public enum WarrantyProblem: String, Hashable, Codable, Sendable, CaseIterable {
    case leak
    case noise
    case notCooling
    case notHeating
    case notWorking
    case intermittentFault
    case poorPerformance
    case damage
    case looseOrDetached
    case stain
    case odor
    case scratch
    case coatingDefect
    case batteryFault
    case screenFault
    case other

    public var label: LocalizedText {
        switch self {
        case .leak: LocalizedText(zhHans: "漏水/渗漏", en: "Leak")
        case .noise: LocalizedText(zhHans: "异响/噪音", en: "Noise")
        case .notCooling: LocalizedText(zhHans: "不制冷", en: "Not cooling")
        case .notHeating: LocalizedText(zhHans: "不制热", en: "Not heating")
        case .notWorking: LocalizedText(zhHans: "无法使用", en: "Not working")
        case .intermittentFault: LocalizedText(zhHans: "时好时坏", en: "Intermittent fault")
        case .poorPerformance: LocalizedText(zhHans: "效果不佳", en: "Poor performance")
        case .damage: LocalizedText(zhHans: "损坏", en: "Damage")
        case .looseOrDetached: LocalizedText(zhHans: "松动/脱落", en: "Loose or detached")
        case .stain: LocalizedText(zhHans: "污渍残留", en: "Stains left")
        case .odor: LocalizedText(zhHans: "异味", en: "Odor")
        case .scratch: LocalizedText(zhHans: "划痕", en: "Scratch")
        case .coatingDefect: LocalizedText(zhHans: "漆面/镀膜/贴膜问题", en: "Paint, coating or film defect")
        case .batteryFault: LocalizedText(zhHans: "电池/续航异常", en: "Battery fault")
        case .screenFault: LocalizedText(zhHans: "屏幕/显示异常", en: "Screen or display fault")
        case .other: LocalizedText(zhHans: "其他", en: "Other")
        }
    }

    /// Reads a code as policies store it: `notCooling`, or the kebab-case
    /// `not-cooling` that older policies were written with.
    public init?(code: String) {
        guard let known = Self(rawValue: code) ?? Self(rawValue: WarrantyCode.camelCased(code)) else { return nil }
        self = known
    }

    /// The label of any code; an unknown code is shown as itself rather than
    /// hidden, so that a custom category still reads as something.
    public static func label(for code: String) -> LocalizedText {
        Self(code: code)?.label ?? LocalizedText(zhHans: code, en: code)
    }
}

/// Causes that void a warranty (R6.1), as policies list them in `exclusions`.
public enum WarrantyExclusion: String, Hashable, Codable, Sendable, CaseIterable {
    case misuse
    case thirdPartyRepair
    case modification
    case accident
    case wear
    case consumables
    case powerSupply
    case recontamination
    case forceMajeure
    case other

    public var label: LocalizedText {
        switch self {
        case .misuse: LocalizedText(zhHans: "使用不当", en: "Misuse")
        case .thirdPartyRepair: LocalizedText(zhHans: "经第三方拆修", en: "Repaired by a third party")
        case .modification: LocalizedText(zhHans: "私自改装", en: "Modified by the customer")
        case .accident: LocalizedText(zhHans: "意外损坏", en: "Accidental damage")
        case .wear: LocalizedText(zhHans: "正常磨损/自然老化", en: "Normal wear and tear")
        case .consumables: LocalizedText(zhHans: "耗材损耗", en: "Consumable parts")
        case .powerSupply: LocalizedText(zhHans: "电压/电源异常", en: "Power supply fault")
        case .recontamination: LocalizedText(zhHans: "服务后再次污染", en: "Soiled again after the service")
        case .forceMajeure: LocalizedText(zhHans: "不可抗力（自然灾害等）", en: "Force majeure")
        case .other: LocalizedText(zhHans: "其他原因", en: "Other cause")
        }
    }

    /// Reads `thirdPartyRepair` or the kebab-case `third-party-repair`.
    public init?(code: String) {
        guard let known = Self(rawValue: code) ?? Self(rawValue: WarrantyCode.camelCased(code)) else { return nil }
        self = known
    }

    /// The label of any cause code, the code itself when unknown.
    public static func label(for code: String) -> LocalizedText {
        Self(code: code)?.label ?? LocalizedText(zhHans: code, en: code)
    }
}

enum WarrantyCode {
    /// `third-party-repair` → `thirdPartyRepair`.
    static func camelCased(_ code: String) -> String {
        let parts = code.split(separator: "-")
        guard let first = parts.first else { return code }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

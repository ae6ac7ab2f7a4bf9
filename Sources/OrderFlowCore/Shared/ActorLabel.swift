/// Who did something, as a person reads it on a timeline: a colleague's
/// name, never a raw id like `staff:sh.tech2` or `system:rule.afterService`.
public enum ActorLabel {
    /// `staffNames` maps staff user names to their display names.
    public static func text(_ actor: String, staffNames: [String: String], in language: Language) -> String {
        let parts = actor.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = Actor.Kind(rawValue: parts[0]) else { return actor }
        let id = parts[1]
        switch kind {
        case .staff:
            return staffNames[id] ?? id
        case .customer:
            return LocalizedText(zhHans: "客户", en: "Customer").text(in: language)
        case .platform:
            return LocalizedText(zhHans: "平台 \(id)", en: "Platform \(id)").text(in: language)
        case .integration:
            return LocalizedText(zhHans: "系统对接（\(id)）", en: "Integration (\(id))").text(in: language)
        case .system:
            return system(id).text(in: language)
        }
    }

    static func system(_ id: String) -> LocalizedText {
        if id.hasPrefix("rule.") { return LocalizedText(zhHans: "系统（自动规则）", en: "System (rule)") }
        if id.hasPrefix("cli:") {
            let user = id.dropFirst(4)
            return LocalizedText(zhHans: "命令行（\(user)）", en: "Command line (\(user))")
        }
        return switch id {
        case "booking-page": LocalizedText(zhHans: "在线预约页面", en: "Booking page")
        case "tracking-link": LocalizedText(zhHans: "客户（订单链接）", en: "Customer (order link)")
        case "acceptance-lapse": LocalizedText(zhHans: "系统（验收期满）", en: "System (acceptance period over)")
        case "claim-deadline": LocalizedText(zhHans: "系统（售后时限）", en: "System (after-sales time limit)")
        case "deadline-monitor": LocalizedText(zhHans: "系统（时限监控）", en: "System (deadline monitor)")
        default: LocalizedText(zhHans: "系统", en: "System")
        }
    }
}

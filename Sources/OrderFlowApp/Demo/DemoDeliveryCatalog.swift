import OrderFlowCore

/// The demo catalog's acceptance criteria (R5.1) and warranty (R6.1), by
/// trade: what a customer checks before signing, and what the company
/// promises afterwards.
enum DemoDeliveryCatalog {
    private static func indicator(_ code: String, _ zh: String, _ en: String, _ passZh: String, _ passEn: String)
        -> AcceptanceIndicator
    {
        AcceptanceIndicator(
            code: code, name: LocalizedText(zhHans: zh, en: en), passWhen: LocalizedText(zhHans: passZh, en: passEn))
    }

    static func acceptance(for item: ServiceItem) -> AcceptanceStandard? {
        let skills = Set(item.requiredSkills)
        if skills.contains("hvac") || skills.contains("refrigerant") {
            return AcceptanceStandard(
                indicators: [
                    indicator("cooling", "制冷/制热正常", "Cools and heats", "出风温差 ≥ 8℃", "Outlet 8 °C or more below room"),
                    indicator("no-leak", "无漏水", "No leak", "运行 15 分钟无滴水", "No drip in 15 minutes"),
                    indicator("clean-site", "现场清洁", "Site left clean", "无污水、无遗留物", "No water or debris left"),
                ],
                method: LocalizedText(zhHans: "试机 15 分钟并与客户一起检查", en: "Run 15 minutes and check with the customer"),
                periodHours: 48)
        }
        if skills.contains("cleaning") {
            return AcceptanceStandard(
                indicators: [
                    indicator("surfaces", "表面无污渍", "Surfaces spotless", "目视无油污、水渍", "No grease or water marks"),
                    indicator("no-damage", "无损坏", "Nothing damaged", "家具地面无划痕", "No scratches on furniture or floor"),
                ],
                method: LocalizedText(zhHans: "与客户逐间查看", en: "Walk through every room with the customer"),
                periodHours: 24)
        }
        if skills.contains("car-care") {
            return AcceptanceStandard(
                indicators: [
                    indicator("finish", "漆面/内饰效果", "Finish", "无水痕、无遗漏", "No water spots, nothing missed"),
                    indicator("belongings", "车内物品完好", "Belongings intact", "与交车时一致", "As when the car was left"),
                ],
                method: LocalizedText(zhHans: "交车时与客户绕车检查", en: "Walk around the car with the customer"),
                periodHours: 24)
        }
        if skills.contains("device-repair") {
            return AcceptanceStandard(
                indicators: [
                    indicator(
                        "function", "功能测试通过", "Function test passed", "触控、显示、充电正常", "Touch, display and charging work"),
                    indicator("data", "数据完好", "Data intact", "客户确认资料无丢失", "The customer confirms no data lost"),
                ],
                method: LocalizedText(zhHans: "当面开机测试", en: "Switch on and test in front of the customer"),
                periodHours: 24)
        }
        return nil
    }

    static func warranty(for item: ServiceItem) -> WarrantyPolicy? {
        let skills = Set(item.requiredSkills)
        if skills.contains("hvac") || skills.contains("appliance") || skills.contains("refrigerant") {
            return WarrantyPolicy(
                periodDays: 90, scope: ["leak", "noise", "notCooling", "notHeating", "notWorking"],
                exclusions: ["misuse", "thirdPartyRepair", "powerSupply"], costBearer: .company)
        }
        if skills.contains("device-repair") {
            return WarrantyPolicy(
                periodDays: 180, scope: ["screenFault", "batteryFault", "notWorking", "intermittentFault"],
                exclusions: ["accident", "misuse", "thirdPartyRepair"], costBearer: .manufacturer)
        }
        if skills.contains("car-care") {
            return WarrantyPolicy(
                periodDays: 30, scope: ["coatingDefect", "stain"], exclusions: ["accident", "wear"],
                costBearer: .company)
        }
        if skills.contains("cleaning") {
            return WarrantyPolicy(
                periodDays: 7, scope: ["stain", "odor"], exclusions: ["recontamination"], costBearer: .company)
        }
        return nil
    }

    /// A signature as the demo customers drew it (a PNG, 240 × 80).
    static let signaturePNG =
        "iVBORw0KGgoAAAANSUhEUgAAAPAAAABQCAAAAAACIqegAAABx0lEQVR42u3ZQaLCIAwE0Bwi978qulFb25QEMmBlstX/6wsEUpCyWAjBBBNMMMEEE0wwwQQTTDDBBBNMMMEEE0wwwQQTfBewPmMhsL5iDbBuYgWw6j3EueCP/O/BGyVe3DONJN0LF/dVTiLY4AO9LQ+R/AHGit/SRrEgvEDxhtkmlvwJjRTvkE1igQwwauH6+q8zwbXfhvA2iQUzwMZodOYgY60Q0ADv24OcvtMqncFg26BWeLdax4PCGRTYAB/FztI2UnNVOYGBENwA73+8ezE7nw323LAH/vQTOXwRfcihnhR9r3IXtWBNfoPcC9a2FFWqwFgEnHNMY2DNm9DxP7L2svqksHeHdHBi3aux03rK/rzYa+CgoHVbDS1AkQOBena6wO1thNrtaP+Bmkb24dAzk8EdbZi/r5GOquzpE72dVJwc7bTU0RpnvA4Zm0lBh0Re9oI9YgO4TAKr8zUgsScddZotjr3149PM+4Vji13mgdUu3rz7lKGH91dvS6ftHeDZOuN6Rlypx54xD72AE0/qh9wilIng3MXJJy5TwQNTP/p2VX4m9ZPBP3+xnQ/+0yB4bbDeMAgmmDVMMMEEE0wwwQQTDIkH+HHo9t9BtaYAAAAASUVORK5CYII="
}

import OrderFlowCore

/// Realistic reference data for the demo: three stores in three cities and
/// a catalog across the company's trades (appliance repair, cleaning, car
/// care, device repair). Prices are in fen.
public enum DemoCatalog {
    public static let stores: [Store] = [
        Store(
            code: "SH01", name: LocalizedText(zhHans: "上海徐汇店", en: "Shanghai Xuhui"),
            address: Address(province: "上海市", city: "上海市", district: "徐汇区", detail: "漕溪北路 88 号 1 楼"),
            phone: "02164871234",
            openingHours: WeeklyOpeningHours.everyDay(
                DailyHours(opens: TimeOfDay(hour: 8), closes: TimeOfDay(hour: 20))),
            holidays: [LocalDate(year: 2027, month: 2, day: 6), LocalDate(year: 2027, month: 2, day: 7)]),
        Store(
            code: "BJ01", name: LocalizedText(zhHans: "北京朝阳店", en: "Beijing Chaoyang"),
            address: Address(province: "北京市", city: "北京市", district: "朝阳区", detail: "建国路 93 号万达广场 B1"),
            phone: "01065891234",
            openingHours: WeeklyOpeningHours(
                byWeekday: Dictionary(
                    uniqueKeysWithValues: (2...7).map {
                        ($0, DailyHours(opens: TimeOfDay(hour: 9), closes: TimeOfDay(hour: 18)))
                    })),
            holidays: [LocalDate(year: 2027, month: 1, day: 1)]),
        Store(
            code: "SZ01", name: LocalizedText(zhHans: "深圳南山店", en: "Shenzhen Nanshan"),
            address: Address(province: "广东省", city: "深圳市", district: "南山区", detail: "科技园南区高新南七道 12 号"),
            phone: "075586001234",
            openingHours: WeeklyOpeningHours.everyDay(
                DailyHours(opens: TimeOfDay(hour: 9, minute: 30), closes: TimeOfDay(hour: 21)))),
    ]

    private static func item(
        _ code: String, _ zh: String, _ en: String, unit: (String, String), fen: Int64, skills: [String],
        minutes: Int, _ location: ServiceLocation, active: Bool = true
    ) -> ServiceItem {
        var item = ServiceItem(
            code: code, name: LocalizedText(zhHans: zh, en: en), unit: LocalizedText(zhHans: unit.0, en: unit.1),
            unitPrice: Money(fen: fen), requiredSkills: skills, estimatedMinutes: minutes, location: location,
            active: active)
        item.preparation = DemoPreparation.preparation(for: item)
        item.acceptance = DemoDeliveryCatalog.acceptance(for: item)
        item.warranty = DemoDeliveryCatalog.warranty(for: item)
        return item
    }

    public static let items: [ServiceItem] = [
        item(
            "AC-CLEAN", "空调深度清洗", "Air conditioner deep clean", unit: ("台", "unit"), fen: 12_800,
            skills: ["hvac"], minutes: 90, .onSite),
        item(
            "AC-REPAIR", "空调维修（不含配件）", "Air conditioner repair (parts extra)", unit: ("次", "visit"),
            fen: 15_000, skills: ["hvac", "electrical"], minutes: 120, .onSite),
        item(
            "AC-INSTALL", "空调安装", "Air conditioner installation", unit: ("台", "unit"), fen: 35_000,
            skills: ["hvac", "work-at-height"], minutes: 180, .onSite),
        item(
            "WM-REPAIR", "洗衣机维修", "Washing machine repair", unit: ("次", "visit"), fen: 9_900,
            skills: ["appliance"], minutes: 90, .onSite),
        item(
            "FRIDGE-REPAIR", "冰箱维修", "Refrigerator repair", unit: ("次", "visit"), fen: 12_000,
            skills: ["appliance", "refrigerant"], minutes: 120, .onSite),
        item(
            "HOOD-CLEAN", "油烟机清洗", "Range hood cleaning", unit: ("台", "unit"), fen: 16_800,
            skills: ["cleaning"], minutes: 120, .onSite),
        item(
            "HOME-CLEAN", "日常保洁", "Regular home cleaning", unit: ("小时", "hour"), fen: 4_500,
            skills: ["cleaning"], minutes: 60, .onSite),
        item(
            "DEEP-CLEAN", "新房开荒保洁", "Move-in deep cleaning", unit: ("平方米", "m²"), fen: 800,
            skills: ["cleaning"], minutes: 3, .onSite),
        item(
            "SOFA-CLEAN", "布艺沙发清洗", "Fabric sofa cleaning", unit: ("座", "seat"), fen: 6_000,
            skills: ["cleaning"], minutes: 60, .onSite),
        item(
            "CAR-WASH", "精致洗车", "Premium car wash", unit: ("次", "wash"), fen: 5_800,
            skills: ["car-care"], minutes: 45, .inStore),
        item(
            "CAR-INTERIOR", "汽车内饰清洗", "Car interior cleaning", unit: ("次", "service"), fen: 38_000,
            skills: ["car-care"], minutes: 180, .inStore),
        item(
            "CAR-COATING", "汽车镀晶", "Car ceramic coating", unit: ("次", "service"), fen: 128_000,
            skills: ["car-care", "coating"], minutes: 360, .inStore),
        item(
            "PHONE-SCREEN", "手机换屏", "Phone screen replacement", unit: ("部", "phone"), fen: 39_900,
            skills: ["device-repair"], minutes: 60, .inStore),
        item(
            "PHONE-BATTERY", "手机换电池", "Phone battery replacement", unit: ("部", "phone"), fen: 19_900,
            skills: ["device-repair"], minutes: 40, .inStore),
        item(
            "LAPTOP-CLEAN", "笔记本清灰换硅脂", "Laptop dust clean and thermal paste", unit: ("台", "unit"),
            fen: 12_000, skills: ["device-repair"], minutes: 60, .inStore),
        item(
            "WATER-HEATER", "热水器维修", "Water heater repair", unit: ("次", "visit"), fen: 11_000,
            skills: ["appliance", "gas"], minutes: 90, .onSite),
        item(
            "TV-MOUNT", "电视挂装", "TV wall mounting", unit: ("台", "unit"), fen: 15_000,
            skills: ["installation"], minutes: 60, .onSite),
        item(
            "PIPE-UNBLOCK", "管道疏通", "Drain unblocking", unit: ("次", "visit"), fen: 18_000,
            skills: ["plumbing"], minutes: 60, .onSite, active: false),
    ]
}

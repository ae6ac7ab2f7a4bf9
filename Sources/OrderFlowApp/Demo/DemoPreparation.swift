import OrderFlowCore

/// What each demo catalog item asks a technician to prepare (R3.5), and its
/// service standard and safety notes (R3.6), by trade.
enum DemoPreparation {
    private static func entry(_ code: String, _ kind: ChecklistKind, _ zh: String, _ en: String) -> ChecklistEntry {
        ChecklistEntry(code: code, kind: kind, name: LocalizedText(zhHans: zh, en: en))
    }

    private static let workOrder = entry("work-order", .document, "纸质服务单", "Printed service sheet")
    private static let shoeCovers = entry("shoe-covers", .material, "鞋套与地面保护膜", "Shoe covers and floor film")

    static func preparation(for item: ServiceItem) -> ServicePreparation {
        let skills = Set(item.requiredSkills)
        if skills.contains("hvac") {
            return ServicePreparation(
                checklist: [
                    entry("gauge", .tool, "冷媒压力表", "Refrigerant gauge"),
                    entry("multimeter", .tool, "万用表", "Multimeter"),
                    entry("washer", .equipment, "高压清洗机", "Pressure washer"),
                    shoeCovers, workOrder,
                ],
                serviceStandard: LocalizedText(
                    zhHans: "拆洗滤网与蒸发器，清洗后试机 15 分钟，出风温差不小于 8°C。",
                    en:
                        "Remove and wash filters and evaporator; run 15 minutes after cleaning; air temperature drop at least 8 °C."
                ),
                safetyNotes: LocalizedText(
                    zhHans: "断电后作业；2 米以上高处作业须系安全带并持有效高处作业证。",
                    en: "Work with the power off; above 2 m wear a harness and hold a valid work-at-height certificate."
                ))
        }
        if skills.contains("cleaning") {
            return ServicePreparation(
                checklist: [
                    entry("detergent", .material, "中性清洁剂", "Neutral detergent"),
                    entry("cloths", .material, "分色抹布", "Colour-coded cloths"),
                    entry("vacuum", .equipment, "吸尘器", "Vacuum cleaner"), shoeCovers,
                ],
                serviceStandard: LocalizedText(
                    zhHans: "按从上到下、从里到外的顺序清洁；完工后与客户逐项确认。",
                    en: "Clean top to bottom, inside out; walk through every item with the customer at the end."),
                safetyNotes: LocalizedText(
                    zhHans: "不混用含氯与酸性清洁剂；登高使用稳固人字梯。",
                    en: "Never mix chlorine and acid cleaners; use a stable step ladder to reach high places."))
        }
        if skills.contains("car-care") {
            return ServicePreparation(
                checklist: [
                    entry("inspection", .document, "车辆交接检查单", "Vehicle hand-over checklist"),
                    entry("seat-covers", .material, "一次性座椅套", "Disposable seat covers"),
                ],
                serviceStandard: LocalizedText(
                    zhHans: "交车前拍照记录车况；漆面无水痕、无划痕。",
                    en: "Photograph the car before and after; no water marks or scratches on the paint."),
                safetyNotes: LocalizedText(
                    zhHans: "举升作业时人员远离车辆下方；化学品佩戴手套。",
                    en: "Nobody under a lifted car; wear gloves with chemicals."))
        }
        if skills.contains("device-repair") {
            return ServicePreparation(
                checklist: [
                    entry("esd", .equipment, "防静电手环与台垫", "Anti-static wrist strap and mat"),
                    entry("backup", .document, "客户数据备份确认单", "Customer data back-up confirmation"),
                ],
                serviceStandard: LocalizedText(
                    zhHans: "维修前后做功能检测并记录；更换部件交客户确认。",
                    en: "Test functions before and after and record them; show replaced parts to the customer."),
                safetyNotes: LocalizedText(
                    zhHans: "鼓包电池单独存放于防火袋。", en: "Keep swollen batteries in a fire-proof bag."))
        }
        return ServicePreparation(
            checklist: [
                entry("toolkit", .tool, "通用工具箱", "General tool kit"),
                entry("multimeter", .tool, "万用表", "Multimeter"), shoeCovers, workOrder,
            ],
            serviceStandard: LocalizedText(
                zhHans: "先诊断后报价，客户同意后维修；完工试机并讲解使用注意事项。",
                en: "Diagnose and quote first, repair once the customer agrees; test and explain care at the end."),
            safetyNotes: LocalizedText(
                zhHans: "断电、断气、断水后作业；燃气作业须持有效燃气证。",
                en: "Cut power, gas and water first; gas work needs a valid gas certificate."))
    }
}

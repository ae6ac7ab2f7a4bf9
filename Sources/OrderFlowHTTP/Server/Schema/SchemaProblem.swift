import OrderFlowCore

/// The problems a schema check finds, with stable codes and messages in
/// both languages (never the decoder's English).
enum SchemaProblem {
    static func wrongType(_ field: String, expected types: Set<String>) -> FieldProblem {
        let (zh, en) =
            if types.contains("integer") {
                ("应为整数", "Must be a whole number")
            } else if types.contains("number") {
                ("应为数字", "Must be a number")
            } else if types.contains("boolean") {
                ("应为 true 或 false", "Must be true or false")
            } else if types.contains("array") {
                ("应为列表", "Must be a list")
            } else if types.contains("object") {
                ("应为对象", "Must be an object")
            } else {
                ("应为文本", "Must be text")
            }
        return FieldProblem(field: field, code: "value.type", message: LocalizedText(zhHans: zh, en: en))
    }

    static func notAllowed(_ field: String, _ allowed: [String]) -> FieldProblem {
        FieldProblem(
            field: field, code: "value.notAllowed",
            message: LocalizedText(
                zhHans: "不是可选的值，可选：\(allowed.joined(separator: "、"))",
                en: "Not one of the allowed values: \(allowed.joined(separator: ", "))"))
    }

    static func wrongFormat(_ field: String, format: String) -> FieldProblem {
        let (zh, en) =
            switch format {
            case "date-time":
                (
                    "应为 RFC 3339 时间，如 2026-12-01T09:00:00+08:00",
                    "Must be an RFC 3339 time such as 2026-12-01T09:00:00+08:00"
                )
            case "date": ("应为日期，如 2026-12-01", "Must be a date such as 2026-12-01")
            case "uuid": ("应为 UUID 编号", "Must be a UUID")
            default: ("格式不正确", "Wrong format")
            }
        return FieldProblem(field: field, code: "value.format", message: LocalizedText(zhHans: zh, en: en))
    }

    static func required(_ field: String) -> FieldProblem {
        FieldProblem(field: field, code: "required", message: LocalizedText(zhHans: "必填", en: "Required"))
    }

    static func cannotClear(_ field: String) -> FieldProblem {
        FieldProblem(
            field: field, code: "value.notNull",
            message: LocalizedText(zhHans: "不能为空值（null）；不修改时请省略此项", en: "Cannot be null; leave it out to keep it"))
    }

    static func below(_ field: String, _ minimum: Int64) -> FieldProblem {
        FieldProblem(
            field: field, code: "value.range",
            message: LocalizedText(zhHans: "不能小于 \(minimum)", en: "Must be at least \(minimum)"))
    }

    static func above(_ field: String, _ maximum: Int64) -> FieldProblem {
        FieldProblem(
            field: field, code: "value.range",
            message: LocalizedText(zhHans: "不能大于 \(maximum)", en: "Must be at most \(maximum)"))
    }

    static func tooShort(_ field: String, _ minimum: Int) -> FieldProblem {
        FieldProblem(
            field: field, code: "text.tooShort",
            message: LocalizedText(zhHans: "至少 \(minimum) 个字符", en: "Must be at least \(minimum) characters"))
    }
}

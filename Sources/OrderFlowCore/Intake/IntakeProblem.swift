/// The automatic checks' problems (系统初步审核, R2.3), each with a stable code
/// that clients may match on and a message in both languages. The codes are
/// part of the API: never rename one, add a new one instead.
public enum IntakeProblem {
    public static func required(_ field: String, _ label: LocalizedText) -> FieldProblem {
        FieldProblem(
            field: field, code: "required",
            message: LocalizedText(zhHans: "请填写\(label.zhHans)", en: "\(label.en) is required"))
    }

    public static func tooLong(_ field: String, limit: Int) -> FieldProblem {
        FieldProblem(
            field: field, code: "text.tooLong",
            message: LocalizedText(zhHans: "不能超过 \(limit) 个字符", en: "Must be at most \(limit) characters"))
    }

    public static func phoneFormat(_ field: String) -> FieldProblem {
        FieldProblem(
            field: field, code: "phone.format",
            message: LocalizedText(
                zhHans: "请输入有效的手机号（11 位）或带区号的固定电话",
                en: "Enter a valid mainland mobile (11 digits) or a landline with its area code"))
    }

    public static func emailFormat(_ field: String) -> FieldProblem {
        FieldProblem(
            field: field, code: "email.format",
            message: LocalizedText(
                zhHans: "请输入有效的电子邮件地址，如 name@example.com", en: "Enter a valid e-mail address, like name@example.com"))
    }

    public static func addressIncomplete(_ field: String, _ label: LocalizedText) -> FieldProblem {
        FieldProblem(
            field: field, code: "address.incomplete",
            message: LocalizedText(
                zhHans: "上门服务需要完整地址：请填写\(label.zhHans)",
                en: "On-site service needs a full address: \(label.en.lowercased()) is missing"))
    }

    public static func unknownStore(_ field: String, code: String) -> FieldProblem {
        FieldProblem(
            field: field, code: "store.unknown",
            message: LocalizedText(zhHans: "门店「\(code)」不存在", en: "There is no store \"\(code)\""))
    }

    public static func platformNameRequired(_ field: String) -> FieldProblem {
        FieldProblem(
            field: field, code: "channel.platformNameRequired",
            message: LocalizedText(zhHans: "第三方平台订单须注明平台名称", en: "A platform order must name its platform"))
    }

    public static func noLines(_ field: String) -> FieldProblem {
        FieldProblem(
            field: field, code: "lines.empty",
            message: LocalizedText(zhHans: "请至少选择一个服务项目", en: "Choose at least one service item"))
    }

    public static func tooManyLines(_ field: String, limit: Int) -> FieldProblem {
        FieldProblem(
            field: field, code: "lines.tooMany",
            message: LocalizedText(
                zhHans: "一个订单最多 \(limit) 个服务项目", en: "An order may have at most \(limit) service lines"))
    }

    public static func unknownItem(_ field: String, code: String) -> FieldProblem {
        FieldProblem(
            field: field, code: "item.unknown",
            message: LocalizedText(zhHans: "服务项目「\(code)」不存在", en: "There is no service item \"\(code)\""))
    }

    public static func inactiveItem(_ field: String, name: LocalizedText) -> FieldProblem {
        FieldProblem(
            field: field, code: "item.inactive",
            message: LocalizedText(
                zhHans: "服务项目「\(name.zhHans)」已停用", en: "The service item \"\(name.en)\" is no longer offered"))
    }

    public static func quantityRange(_ field: String, limit: Int) -> FieldProblem {
        FieldProblem(
            field: field, code: "quantity.range",
            message: LocalizedText(
                zhHans: "数量须为 1 到 \(limit) 之间的整数", en: "Quantity must be a whole number from 1 to \(limit)"))
    }

    public static func priceMismatch(_ field: String, catalogPrice: Money) -> FieldProblem {
        FieldProblem(
            field: field, code: "price.mismatch",
            message: LocalizedText(
                zhHans: "单价与价目表不符（应为 \(catalogPrice.formatted)）；如需改价请填写改价原因",
                en: "Unit price differs from the catalog (\(catalogPrice.formatted)); give a reason to override it"))
    }

    public static func priceInvalid(_ field: String) -> FieldProblem {
        FieldProblem(
            field: field, code: "price.invalid",
            message: LocalizedText(zhHans: "单价不能为负数", en: "Unit price cannot be negative"))
    }

    public static func amountTooLarge(_ field: String) -> FieldProblem {
        FieldProblem(
            field: field, code: "amount.tooLarge",
            message: LocalizedText(zhHans: "金额超出系统可记录的范围", en: "The amount is too large to record"))
    }

    public static func totalMismatch(_ field: String, expected: Money, sent: Money) -> FieldProblem {
        FieldProblem(
            field: field, code: "total.mismatch",
            message: LocalizedText(
                zhHans: "订单总价应为 \(expected.formatted)，提交的是 \(sent.formatted)",
                en: "The order total should be \(expected.formatted), but \(sent.formatted) was sent"))
    }

    public static func paymentNotAllowed(_ field: String, method: PaymentMethod, channel: Channel.Kind)
        -> FieldProblem
    {
        FieldProblem(
            field: field, code: "payment.notAllowedForChannel",
            message: LocalizedText(
                zhHans: "该接收渠道不支持此付款方式（\(method.rawValue)）",
                en: "Payment method \(method.rawValue) is not accepted for \(channel.rawValue) orders"))
    }

    public static func appointmentOrder(_ field: String) -> FieldProblem {
        FieldProblem(
            field: field, code: "appointment.endBeforeStart",
            message: LocalizedText(zhHans: "预约结束时间须晚于开始时间", en: "The appointment must end after it starts"))
    }

    public static func appointmentPast(_ field: String) -> FieldProblem {
        FieldProblem(
            field: field, code: "appointment.past",
            message: LocalizedText(zhHans: "预约时间须在当前时间之后", en: "The appointment must be in the future"))
    }

    public static func appointmentTooFar(_ field: String, days: Int) -> FieldProblem {
        FieldProblem(
            field: field, code: "appointment.tooFar",
            message: LocalizedText(
                zhHans: "只能预约 \(days) 天以内的时间", en: "Appointments can be booked at most \(days) days ahead"))
    }

    public static func storeClosed(_ field: String, date: LocalDate) -> FieldProblem {
        FieldProblem(
            field: field, code: "appointment.storeClosed",
            message: LocalizedText(zhHans: "门店 \(date) 不营业", en: "The store is closed on \(date)"))
    }

    public static func holiday(_ field: String, date: LocalDate) -> FieldProblem {
        FieldProblem(
            field: field, code: "appointment.holiday",
            message: LocalizedText(zhHans: "\(date) 为门店休息日", en: "\(date) is a store holiday"))
    }

    public static func outsideHours(_ field: String, hours: DailyHours) -> FieldProblem {
        FieldProblem(
            field: field, code: "appointment.outsideHours",
            message: LocalizedText(
                zhHans: "预约时间须在门店营业时间 \(hours.opens)–\(hours.closes) 之内",
                en: "The appointment must fall within opening hours, \(hours.opens)–\(hours.closes)"))
    }
}

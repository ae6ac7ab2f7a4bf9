/// Names of the order's fields as people read them, for messages such as
/// "请填写客户姓名 / Customer name is required" (GLOSSARY.md).
enum FieldLabel {
    static let store = LocalizedText(zhHans: "门店", en: "Store")
    static let channel = LocalizedText(zhHans: "接收渠道", en: "Channel")
    static let customer = LocalizedText(zhHans: "客户信息", en: "Customer")
    static let customerName = LocalizedText(zhHans: "客户姓名", en: "Customer name")
    static let phone = LocalizedText(zhHans: "联系电话", en: "Phone")
    static let address = LocalizedText(zhHans: "服务地址", en: "Address")
    static let province = LocalizedText(zhHans: "省份", en: "Province")
    static let city = LocalizedText(zhHans: "城市", en: "City")
    static let district = LocalizedText(zhHans: "区县", en: "District")
    static let detail = LocalizedText(zhHans: "详细地址", en: "Street address")
    static let itemCode = LocalizedText(zhHans: "服务项目", en: "Service item")
    static let quantity = LocalizedText(zhHans: "数量", en: "Quantity")
    static let paymentMethod = LocalizedText(zhHans: "付款方式", en: "Payment method")
    static let appointmentStart = LocalizedText(zhHans: "预约开始时间", en: "Appointment start")
    static let appointmentEnd = LocalizedText(zhHans: "预约结束时间", en: "Appointment end")
    static let reason = LocalizedText(zhHans: "原因", en: "Reason")
}

/// A mainland postal address in the order people write it: 省 / 市 / 区 / 详细地址.
public struct Address: Hashable, Codable, Sendable {
    public var province: String
    public var city: String
    public var district: String
    public var detail: String

    public init(province: String, city: String, district: String, detail: String) {
        self.province = province
        self.city = city
        self.district = district
        self.detail = detail
    }

    /// One line, as printed on a job sheet.
    public var singleLine: String { province + city + district + detail }
}

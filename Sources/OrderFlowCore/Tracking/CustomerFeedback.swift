import Foundation

/// Where feedback came from (R4.3): the customer's own link, or staff
/// writing down what the customer said by phone, SMS or e-mail.
public enum FeedbackChannel: String, Hashable, Codable, Sendable, CaseIterable {
    case web
    case phone
    case sms
    case email

    public var label: LocalizedText {
        switch self {
        case .web: LocalizedText(zhHans: "网页", en: "Web")
        case .phone: LocalizedText(zhHans: "电话", en: "Phone")
        case .sms: LocalizedText(zhHans: "短信", en: "SMS")
        case .email: LocalizedText(zhHans: "电子邮件", en: "E-mail")
        }
    }
}

/// A customer's rating (1–5) and comment on an order (R4.3).
public struct CustomerFeedback: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var orderID: UUID
    public var storeCode: String
    /// 1 (very poor) to 5 (excellent); nil when the customer only commented.
    public var rating: Int?
    public var comment: String
    public var channel: FeedbackChannel
    /// Who wrote it down; `customer` for the customer's own link.
    public var recordedBy: String
    public var at: Date

    public init(
        id: UUID, orderID: UUID, storeCode: String, rating: Int?, comment: String, channel: FeedbackChannel,
        recordedBy: String, at: Date
    ) {
        self.id = id
        self.orderID = orderID
        self.storeCode = storeCode
        self.rating = rating
        self.comment = comment
        self.channel = channel
        self.recordedBy = recordedBy
        self.at = at
    }

    public var isPoor: Bool { (rating ?? 3) <= 2 }

    /// Field problems of what was submitted: a rating 1–5 or a comment, and
    /// a comment of reasonable length.
    public static func problems(rating: Int?, comment: String) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if let rating, !(1...5).contains(rating) {
            problems.append(
                FieldProblem(
                    field: "rating", code: "feedback.rating",
                    message: LocalizedText(zhHans: "评分须为 1 到 5 星", en: "A rating is 1 to 5 stars")))
        }
        if rating == nil && comment.isEmpty {
            problems.append(
                FieldProblem(
                    field: "comment", code: "feedback.empty",
                    message: LocalizedText(zhHans: "请打分或写下意见", en: "Give a rating or write a comment")))
        }
        if comment.count > 2000 {
            problems.append(
                FieldProblem(
                    field: "comment", code: "feedback.tooLong",
                    message: LocalizedText(zhHans: "意见不超过 2000 字", en: "At most 2000 characters")))
        }
        return problems
    }
}

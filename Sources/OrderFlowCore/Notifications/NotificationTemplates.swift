import Foundation

/// The customer messages of every topic, per channel, in Simplified
/// Chinese and English (B3). SMS texts are short and start with the
/// store's name in 【】, as Chinese carriers require of a sender; e-mails
/// say the same with a subject. Every message ends with the tracking link,
/// where the customer also stops messages of that channel.
public enum NotificationTemplates {
    public static func template(_ topic: NotificationTopic, _ channel: NotificationChannel) -> MessageTemplate? {
        switch channel {
        case .sms: sms[topic]
        case .email: email[topic]
        case .webhook: nil
        }
    }

    static let sms: [NotificationTopic: MessageTemplate] = [
        .orderReceived: MessageTemplate(
            body: LocalizedText(
                zhHans: "【{store}】已收到您的订单 {order}，我们正在审核，确认后会再通知您。进度：{link}",
                en: "[{store}] We have your order {order} and are checking it; we will confirm shortly. Track: {link}")),
        .orderConfirmed: MessageTemplate(
            body: LocalizedText(
                zhHans: "【{store}】您的订单 {order} 已确认，预约时间 {window}。进度：{link}",
                en: "[{store}] Your order {order} is confirmed for {window}. Track: {link}")),
        .orderRejected: MessageTemplate(
            body: LocalizedText(
                zhHans: "【{store}】很抱歉，您的订单 {order} 未能受理：{reason}。如有疑问请致电 {storePhone}。",
                en: "[{store}] Sorry, we cannot take order {order}: {reason}. Questions: call {storePhone}.")),
        .orderCancelled: MessageTemplate(
            body: LocalizedText(
                zhHans: "【{store}】您的订单 {order} 已取消：{reason}。如有疑问请致电 {storePhone}。",
                en: "[{store}] Your order {order} is cancelled: {reason}. Questions: call {storePhone}.")),
        .technicianAssigned: MessageTemplate(
            body: LocalizedText(
                zhHans: "【{store}】订单 {order} 已安排服务人员 {technician}，将于 {window} 上门/接待。进度：{link}",
                en: "[{store}] {technician} will serve your order {order} at {window}. Track: {link}")),
        .appointmentRescheduled: MessageTemplate(
            body: LocalizedText(
                zhHans: "【{store}】订单 {order} 的预约时间已改为 {window}。进度：{link}",
                en: "[{store}] Order {order} is now booked for {window}. Track: {link}")),
        .serviceStarted: MessageTemplate(
            body: LocalizedText(
                zhHans: "【{store}】服务人员 {technician} 已到达，订单 {order} 的服务开始。",
                en: "[{store}] {technician} has arrived; the service of order {order} has begun.")),
        .serviceFinished: MessageTemplate(
            body: LocalizedText(
                zhHans: "【{store}】订单 {order} 的服务已完成，感谢您的信任。评价与进度：{link}",
                en: "[{store}] The service of order {order} is done. Thank you! Rate us and track: {link}")),
        .problemUpdate: MessageTemplate(
            body: LocalizedText(
                zhHans: "【{store}】关于订单 {order} 的问题：原因是{cause}；我们的措施：{measures}；预计 {expected} 前解决。进度：{link}",
                en: "[{store}] About order {order}: the cause was {cause}. What we are doing: {measures}. "
                    + "Expected to be resolved by {expected}. Track: {link}")),
        .problemResolved: MessageTemplate(
            body: LocalizedText(
                zhHans: "【{store}】订单 {order} 的问题已解决：{reason}。感谢您的耐心，欢迎评价：{link}",
                en: "[{store}] The problem with order {order} is resolved: {reason}. Thank you for your patience. "
                    + "Tell us how we did: {link}")),
        .acceptanceRequested: MessageTemplate(
            body: LocalizedText(
                zhHans: "【{store}】订单 {order} 的服务交付报告已提交，请在 {expected} 前查看并验收：{link}",
                en:
                    "[{store}] The delivery report of order {order} is ready. Please accept or reject it by {expected}: {link}"
            )),
        .reworkArranged: MessageTemplate(
            body: LocalizedText(
                zhHans: "【{store}】已根据您的意见为订单 {order} 安排返工，由 {technician} 负责整改。进度：{link}",
                en:
                    "[{store}] We have arranged rework on order {order} as you asked; {technician} will put it right. Track: {link}"
            )),
        .delivered: MessageTemplate(
            body: LocalizedText(
                zhHans: "【{store}】订单 {order} 已验收交付，感谢您的信任。报告与保修信息：{link}",
                en: "[{store}] Order {order} is accepted and delivered. Thank you! Report and warranty: {link}")),
        .claimAccepted: MessageTemplate(
            body: LocalizedText(
                zhHans: "【{store}】您关于订单 {order} 的售后申请已受理，专人将于 {expected} 前与您联系。{reason} 进度：{link}",
                en:
                    "[{store}] Your after-sales request on order {order} is accepted; we will contact you by {expected}. "
                    + "{reason} Track: {link}")),
        .claimDeclined: MessageTemplate(
            body: LocalizedText(
                zhHans: "【{store}】关于订单 {order} 的售后申请：{reason} 如有疑问请致电 {storePhone}。",
                en: "[{store}] About your after-sales request on order {order}: {reason} Questions: call {storePhone}.")
        ),
        .claimProgress: MessageTemplate(
            body: LocalizedText(
                zhHans: "【{store}】订单 {order} 售后处理进展：{reason} 进度：{link}",
                en: "[{store}] Progress on your after-sales request for order {order}: {reason} Track: {link}")),
        .claimClosed: MessageTemplate(
            body: LocalizedText(
                zhHans: "【{store}】订单 {order} 的售后申请已办结：{reason}。感谢您的耐心。",
                en:
                    "[{store}] Your after-sales request on order {order} is closed: {reason}. Thank you for your patience."
            )),
    ]

    static let email: [NotificationTopic: MessageTemplate] = Dictionary(
        uniqueKeysWithValues: sms.map { topic, text in
            (
                topic,
                MessageTemplate(
                    subject: LocalizedText(
                        zhHans: "{store}：订单 {order} \(topic.label.zhHans)",
                        en: "{store}: order {order}, \(topic.label.en.lowercased())"),
                    body: LocalizedText(
                        zhHans: "您好：\n\n\(plain(text.body.zhHans))\n\n" + footer(linked: text.body.zhHans).zhHans,
                        en: "Hello,\n\n\(plain(text.body.en))\n\n" + footer(linked: text.body.en).en))
            )
        })

    /// How to stop e-mails: through the order's page, whose link every
    /// e-mail carries (in the text already, or here).
    private static func footer(linked text: String) -> LocalizedText {
        text.contains("{link}")
            ? LocalizedText(
                zhHans: "如不想再收到邮件通知，请打开上面的链接，选择“不再接收邮件”。\n{store} · {storePhone}",
                en: "To stop these e-mails, open the link above and choose \"No more e-mails\".\n{store} · {storePhone}"
            )
            : LocalizedText(
                zhHans: "订单详情：{link}\n如不想再收到邮件通知，请打开此链接，选择“不再接收邮件”。\n{store} · {storePhone}",
                en: "Your order: {link}\nTo stop these e-mails, open this link and choose \"No more e-mails\".\n"
                    + "{store} · {storePhone}")
    }

    /// An SMS text without its 【sender】 prefix, for the e-mail body.
    private static func plain(_ text: String) -> String {
        for (open, close) in [("【", "】"), ("[", "]")] where text.hasPrefix(open) {
            if let end = text.range(of: close) {
                return text[end.upperBound...].trimmingCharacters(in: .whitespaces)
            }
        }
        return text
    }
}

import Foundation
import OrderFlowCore
import Testing

@Suite("Notifications: topics, templates and retries (B3)")
struct NotificationTemplateTests {
    static let values = MessageValues(
        order: "SH01-20261201-0007", store: "上海徐汇店", storePhone: "02164871234", window: "12月2日 10:00–12:00",
        technician: "张师傅", reason: "客户要求取消", link: "https://example.com/track/abc")

    @Test("B3 every topic has an SMS and an e-mail in both languages, with every placeholder filled")
    func everyTemplateRenders() {
        for topic in NotificationTopic.allCases {
            for channel in [NotificationChannel.sms, .email] {
                for language in Language.allCases {
                    let template = NotificationTemplates.template(topic, channel)
                    let message = template?.render(Self.values, in: language)
                    #expect(message?.body.contains("SH01-20261201-0007") == true, "\(topic) \(channel) \(language)")
                    #expect(message?.body.contains("{") == false, "\(topic) \(channel) \(language)")
                    #expect((message?.subject != nil) == (channel == .email), "\(topic) \(channel)")
                }
            }
            #expect(NotificationTemplates.template(topic, .webhook) == nil)
        }
        let sms = NotificationTemplates.template(.orderConfirmed, .sms)?.render(Self.values, in: .zhHans)
        #expect(
            sms?.body == "【上海徐汇店】您的订单 SH01-20261201-0007 已确认，预约时间 12月2日 10:00–12:00。进度：https://example.com/track/abc")
    }

    @Test("B3 every e-mail carries the order's link, once, which is where e-mails are stopped")
    func everyEmailHasItsLink() {
        for topic in NotificationTopic.allCases {
            for language in Language.allCases {
                let body = NotificationTemplates.template(topic, .email)?.render(Self.values, in: language).body ?? ""
                #expect(
                    body.components(separatedBy: "https://example.com/track/abc").count == 2, "\(topic) \(language)")
            }
        }
        let started = NotificationTemplates.template(.serviceStarted, .email)?.render(Self.values, in: .en).body
        #expect(started?.contains("Your order: https://example.com/track/abc") == true)
    }

    @Test("B3 a customer gets one message when the automatic check confirms at once, not two")
    func topicsOfEvents() {
        #expect(NotificationTopic.of(.received) == nil)
        #expect(NotificationTopic.of(.autoConfirmed) == .orderConfirmed)
        #expect(NotificationTopic.of(.approved) == .orderConfirmed)
        #expect(NotificationTopic.of(.reviewRequested) == .orderReceived)
        #expect(NotificationTopic.of(.checklistTicked) == nil)
        #expect(NotificationTopic.orderConfirmed.events == [.autoConfirmed, .approved])
        #expect(NotificationTopic.allCases.allSatisfy { !$0.events.isEmpty })
    }

    @Test("B3 an unknown placeholder stays visible, so a typo shows in the preview")
    func unknownPlaceholder() {
        let template = MessageTemplate(body: LocalizedText(zhHans: "订单 {order} {odrer}", en: "Order {order} {"))
        #expect(template.render(Self.values, in: .zhHans).body == "订单 SH01-20261201-0007 {odrer}")
        #expect(template.render(Self.values, in: .en).body == "Order SH01-20261201-0007 {")
    }

    @Test("B3 retries back off exponentially, are capped, and stop after the last attempt")
    func backoff() {
        let retry = DeliveryRetry(baseSeconds: 30, capSeconds: 600, maxAttempts: 6)
        #expect((1...5).map { retry.delay(afterAttempts: $0) } == [30, 60, 120, 240, 480])
        #expect(retry.delay(afterAttempts: 6) == nil)
        #expect(DeliveryRetry(baseSeconds: 30, capSeconds: 100, maxAttempts: 10).delay(afterAttempts: 5) == 100)
        let jittered = retry.delay(afterAttempts: 2, jitter: 1) ?? 0
        #expect(jittered > 60 && jittered <= 72)
    }

    @Test("B3 e-mail addresses: plain ones pass, ones that would break SMTP do not")
    func emailAddresses() {
        for good in ["kehu@example.com", "zhang.wei+order@mail.example.cn", "a@b.co"] {
            #expect(EmailAddress.isValid(good), "\(good)")
        }
        for bad in [
            "", "kehu", "kehu@", "@example.com", "kehu@example", "ke hu@example.com", "a@b@c.com",
            "x@example.com>\r\nRCPT TO:<y@z.com", "x@-example.com", "x@example..com",
        ] {
            #expect(!EmailAddress.isValid(bad), "\(bad)")
        }
    }
}

import Foundation
import OrderFlowCore
import Testing

@testable import OrderFlowApp

@Suite("Notifications: e-mail as text (B3)")
struct MailTextTests {
    @Test("B3 a long Chinese subject becomes encoded words of at most 75 characters that decode back whole")
    func encodedWords() throws {
        let subject = "上海徐汇店：订单 SH01-20261130-0002 服务人员已到达，服务开始"
        let header = MailText.encodedWords(subject)
        let words = header.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        var decoded = Data()
        for word in words {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            decoded.append(try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))))
        }
        #expect(String(decoding: decoded, as: UTF8.self) == subject)
    }

    @Test("B3 the body is base64 in lines of 76, with the headers a mail server expects")
    func message() throws {
        let id = UUID()
        let text = MailText.format(
            OutgoingMessage(
                deliveryID: id, topic: .orderConfirmed, recipient: "kehu@example.com", subject: "Hi",
                body: "第一行\n.第二行以点开头"),
            from: "notice@example.com", at: Date(timeIntervalSince1970: 0))
        let parts = text.components(separatedBy: "\r\n\r\n")
        #expect(parts.count == 2)
        #expect(parts[0].contains("To: <kehu@example.com>"))
        #expect(parts[0].contains("Message-ID: <\(id.uuidString.lowercased())@orderflow>"))
        #expect(parts[0].contains("Date: Thu, 01 Jan 1970 00:00:00 +0000"))
        let body = try #require(Data(base64Encoded: parts[1].replacingOccurrences(of: "\r\n", with: "")))
        #expect(String(decoding: body, as: UTF8.self) == "第一行\r\n.第二行以点开头")
        #expect(parts[1].components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 && !$0.hasPrefix(".") })
    }
}

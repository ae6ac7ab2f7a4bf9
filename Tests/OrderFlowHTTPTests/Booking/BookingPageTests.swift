import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

/// The customer booking page and tracking link through the real router.
@Suite("Customer booking and tracking")
struct BookingPageTests {
    static func form(_ client: any TestClientProtocol) async throws -> (csrf: String, cookie: String, token: String) {
        let page = try await client.execute(uri: "/book/SH01", method: .get)
        let html = String(buffer: page.body)
        func hidden(_ name: String) -> String {
            String(html.components(separatedBy: "name=\"\(name)\" value=\"").dropFirst().first?.prefix(40) ?? "")
        }
        return (hidden("csrf"), page.headers[.setCookie]?.components(separatedBy: ";").first ?? "", hidden("formToken"))
    }

    static func body(csrf: String, token: String, phone: String = "13600001111") -> ByteBuffer {
        let fields = [
            ("csrf", csrf), ("formToken", token), ("item", "AC-CLEAN"), ("specification", "挂机"), ("quantity", "2"),
            ("item", ""), ("specification", ""), ("quantity", "1"), ("item", ""), ("specification", ""),
            ("quantity", "1"), ("date", "2026-12-02"), ("start", "10:00"), ("end", "12:00"), ("name", "陈静"),
            ("phone", phone), ("province", "上海市"), ("city", "上海市"), ("district", "徐汇区"),
            ("detail", "天钥桥路 100 号"), ("payment", "alipay"), ("notes", ""),
        ]
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return ByteBuffer(
            string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
                .joined(separator: "&"))
    }

    @Test(
        "a booking makes a website order once and a link that shows it, masked; a wrong link shows nothing",
        arguments: TestEngine.available)
    func bookAndTrack(engine: TestEngine) async throws {
        try await APITest.run(engine) { client, database in
            let (csrf, cookie, token) = try await Self.form(client)
            #expect(cookie.hasPrefix("orderflow_book_csrf="))
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            var links: [String] = []
            for _ in 1...2 {
                let booked = try await client.execute(
                    uri: "/book/SH01", method: .post, headers: headers, body: Self.body(csrf: csrf, token: token))
                #expect(booked.status == .seeOther)
                links.append(booked.headers[.location] ?? "")
            }
            let link = try #require(links.first)
            #expect(link.range(of: #"^/track/[0-9a-f]{40}\?booked=1$"#, options: .regularExpression) != nil)
            let orders = try await Fixtures.intake(database).orders(OrderQuery(), by: Fixtures.agent).orders
            #expect(orders.count == 1)
            let order = try #require(orders.first?.order)
            #expect(order.channel == .website)
            #expect(!link.contains(order.number) && !link.lowercased().contains(order.id.uuidString.lowercased()))

            let page = String(buffer: try await client.execute(uri: link, method: .get).body)
            #expect(page.contains(order.number))
            #expect(page.contains("陈* 136****1111"))
            #expect(!page.contains("13600001111") && !page.contains("天钥桥路"))
            let wrong = try await client.execute(uri: "/track/" + String(repeating: "0", count: 40), method: .get)
            #expect(wrong.status == .notFound)
            #expect(!String(buffer: wrong.body).contains(order.number))
        }
    }

    @Test("bad input comes back beside the fields; a form not served by us is refused")
    func refusals() async throws {
        try await APITest.run { client, database in
            let (csrf, cookie, token) = try await Self.form(client)
            let headers: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let bad = try await client.execute(
                uri: "/book/SH01", method: .post, headers: headers,
                body: Self.body(csrf: csrf, token: token, phone: "12"))
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("id=\"err-phone\""))
            #expect(String(buffer: bad.body).contains("value=\"陈静\""))
            // No service and no address: both are said, beside their fields (issue 14).
            let emptied = String(buffer: Self.body(csrf: csrf, token: token))
                .replacingOccurrences(of: "item=AC-CLEAN", with: "item=")
                .replacingOccurrences(
                    of: "detail=%E5%A4%A9%E9%92%A5%E6%A1%A5%E8%B7%AF%20100%20%E5%8F%B7", with: "detail=")
            let nothing = try await client.execute(
                uri: "/book/SH01", method: .post, headers: headers, body: ByteBuffer(string: emptied))
            #expect(nothing.status == .unprocessableContent)
            let page = String(buffer: nothing.body)
            #expect(page.contains("请至少选择一个服务项目"))
            #expect(page.contains("id=\"err-detail\""))
            // An unreadable day is told with the other problems, not instead of them.
            let badDay = String(buffer: Self.body(csrf: csrf, token: token, phone: "12"))
                .replacingOccurrences(of: "date=2026-12-02", with: "date=2026-13-45")
            let both = String(
                buffer: try await client.execute(
                    uri: "/book/SH01", method: .post, headers: headers, body: ByteBuffer(string: badDay)
                ).body)
            #expect(both.contains("id=\"err-date\"") && both.contains("id=\"err-phone\""))
            let forged = try await client.execute(
                uri: "/book/SH01", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: Self.body(csrf: csrf, token: "other"))
            #expect(forged.status == .forbidden)
            #expect(try await Fixtures.intake(database).orders(OrderQuery(), by: Fixtures.agent).orders.isEmpty)
            let unknown = try await client.execute(uri: "/book/ZZ99", method: .get)
            #expect(unknown.status == .notFound)
        }
    }

    @Test("one address may book only so often")
    func rateLimit() async throws {
        try await APITest.run { client, database in
            try await database.write { db in
                for _ in 0..<BookingPolicy.bookingsPerSource {
                    try await TrackingLinkRecords.recordBooking(source: "unknown", at: Fixtures.now, on: db)
                }
            }
            let (csrf, cookie, token) = try await Self.form(client)
            let response = try await client.execute(
                uri: "/book/SH01", method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: Self.body(csrf: csrf, token: token))
            #expect(response.status == .tooManyRequests)
            #expect(response.headers[.retryAfter] != nil)
            #expect(try await Fixtures.intake(database).orders(OrderQuery(), by: Fixtures.agent).orders.isEmpty)
        }
    }
}

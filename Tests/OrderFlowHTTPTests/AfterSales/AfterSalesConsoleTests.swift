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

/// The after-sales pages of the console: a request recorded by form (a bad
/// one keeps what was typed), handled on its page, and the statistics chart.
@Suite("After-sales console (R6.2–R6.5)")
struct AfterSalesConsoleTests {
    static func encoded(_ fields: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return ByteBuffer(
            string: fields.map {
                "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
            }.joined(separator: "&"))
    }

    @Test("R6.2 R6.3 R6.4 record a request by form, see its eligibility, hand it a repair, close it; R6.5 the chart")
    func claimPages() async throws {
        try await APITest.run { client, database in
            let (order, _) = try await AfterSalesAPITests.delivered(client, database)
            let (cookie, csrf) = try await ConsoleTests.signIn(
                client, database, "sh.manager", [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))])
            let form: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let list = String(
                buffer: try await client.execute(
                    uri: "/console/claims?order=\(order.number)", method: .get, headers: [.cookie: cookie]
                ).body)
            #expect(list.contains("id=\"claim-form\"") && list.contains("value=\"\(order.number)\""))
            let wrongPhone = try await client.execute(
                uri: "/console/claims", method: .post, headers: form,
                body: Self.encoded([
                    ("csrf", csrf), ("requestKey", "k1"), ("orderNumber", order.number), ("channel", "phone"),
                    ("itemCode", "AC-CLEAN"), ("contactPhone", "13700000000"), ("problem", "leak"),
                    ("description", "内机滴水不止"),
                ]))
            #expect(wrongPhone.status == .unprocessableContent)
            let refusedPage = String(buffer: wrongPhone.body)
            #expect(refusedPage.contains("该订单不属于此电话号码的客户"))
            #expect(refusedPage.contains(">内机滴水不止</textarea>"))
            let recorded = try await client.execute(
                uri: "/console/claims", method: .post, headers: form,
                body: Self.encoded([
                    ("csrf", csrf), ("requestKey", "k2"), ("orderNumber", order.number), ("channel", "phone"),
                    ("itemCode", "AC-CLEAN"), ("contactPhone", "13812345678"), ("problem", "leak"),
                    ("description", "内机滴水不止"),
                ]))
            let location = try #require(recorded.headers[.location])
            #expect(location.hasPrefix("/console/claims/") && location.hasSuffix("?done=received"))
            let claimPath = String(location.prefix { $0 != "?" })
            let page = String(
                buffer: try await client.execute(uri: location, method: .get, headers: [.cookie: cookie]).body)
            #expect(page.contains("符合保修政策，已受理") && page.contains("id=\"claim-repair-form\""))
            let noScore = try await client.execute(
                uri: "\(claimPath)/close", method: .post, headers: form,
                body: Self.encoded([("csrf", csrf), ("version", "1"), ("solution", "紧固排水管")]))
            #expect(noScore.status == .unprocessableContent)
            let repaired = try await client.execute(
                uri: "\(claimPath)/repair", method: .post, headers: form,
                body: Self.encoded([
                    ("csrf", csrf), ("version", "1"), ("start", "2026-12-03T10:00"), ("end", "2026-12-03T12:00"),
                ]))
            #expect(repaired.headers[.location]?.hasSuffix("?done=repair") == true)
            let withRepair = String(
                buffer: try await client.execute(uri: claimPath, method: .get, headers: [.cookie: cookie]).body)
            #expect(withRepair.contains("id=\"repair-order\"") && !withRepair.contains("id=\"claim-repair-form\""))
            let closed = try await client.execute(
                uri: "\(claimPath)/close", method: .post, headers: form,
                body: Self.encoded([("csrf", csrf), ("version", "2"), ("solution", "紧固排水管"), ("satisfaction", "5")]))
            #expect(closed.headers[.location]?.hasSuffix("?done=close") == true)
            let report = String(
                buffer: try await client.execute(
                    uri: "/console/reports/after-sales?from=2026-11-01&to=2026-12-31&groupBy=problem", method: .get,
                    headers: [.cookie: cookie]
                ).body)
            #expect(report.contains("id=\"after-sales-chart\"") && report.contains("漏水"))
            let csv = try await client.execute(
                uri: "/console/reports/after-sales.csv?from=2026-11-01&to=2026-12-31", method: .get,
                headers: [.cookie: cookie])
            #expect(String(buffer: csv.body).contains("problem,label,total"))
        }
    }

    @Test("R6.2 the customer asks for service through their link; the order page lists the request for staff")
    func claimByLink() async throws {
        try await APITest.run { client, database in
            let (order, _) = try await AfterSalesAPITests.delivered(client, database)
            let token = "link-\(UUID().uuidString)"
            try await database.write {
                try await TrackingLinkRecords.insert(secret: token, orderID: order.id, at: Fixtures.now, on: $0)
            }
            let track = try await client.execute(uri: "/track/\(token)", method: .get)
            #expect(String(buffer: track.body).contains("id=\"track-claim-form\""))
            let cookie = try #require(track.headers[.setCookie]?.components(separatedBy: ";").first)
            let csrf = String(cookie.dropFirst("orderflow_track_csrf=".count))
            let form: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let forged = try await client.execute(
                uri: "/track/\(token)/claims", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: Self.encoded([
                    ("csrf", csrf), ("itemCode", "AC-CLEAN"), ("problem", "leak"), ("description", "滴水"),
                ]))
            #expect(forged.status == .forbidden)
            let blank = try await client.execute(
                uri: "/track/\(token)/claims", method: .post, headers: form,
                body: Self.encoded([
                    ("csrf", csrf), ("requestKey", "r1"), ("itemCode", "AC-CLEAN"), ("problem", "noise"),
                    ("description", " "),
                ]))
            #expect(blank.status == .unprocessableContent)
            #expect(String(buffer: blank.body).contains("<option value=\"noise\" selected>"))
            for _ in 0..<2 {
                let sent = try await client.execute(
                    uri: "/track/\(token)/claims", method: .post, headers: form,
                    body: Self.encoded([
                        ("csrf", csrf), ("requestKey", "r2"), ("itemCode", "AC-CLEAN"), ("problem", "leak"),
                        ("description", "内机又开始滴水"),
                    ]))
                #expect(sent.headers[.location] == "/track/\(token)?claim=received#claims")
            }
            let after = String(
                buffer: try await client.execute(
                    uri: "/track/\(token)?claim=received", method: .get, headers: [.cookie: cookie]
                )
                .body)
            #expect(after.contains("id=\"claim-received\"") && after.contains("已受理"))
            let claims = try await database.read { try await WarrantyClaimRecords.documents.forOrder(order.id, on: $0) }
            #expect(claims.count == 1 && claims.first?.channel == .customerLink)
            let (staffCookie, _) = try await ConsoleTests.signIn(
                client, database, "sh.as", [RoleGrant(role: .afterSales, scope: .stores(["SH01"]))])
            let orderPage = String(
                buffer: try await client.execute(
                    uri: "/console/orders/\(order.number)", method: .get, headers: [.cookie: staffCookie]
                ).body)
            #expect(
                orderPage.contains("id=\"order-claims\"")
                    && orderPage.contains("/console/claims/\(claims[0].id.uuidString)"))
        }
    }
}

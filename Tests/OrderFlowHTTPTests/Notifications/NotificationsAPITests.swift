import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderFlowApp
import OrderFlowCore
import OrderFlowHTTP
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@Suite("Notifications: API, console and the customer's choice (B3)")
struct NotificationsAPITests {
    @Test("B3 customers may give an e-mail and a language; a malformed address is a field error")
    func customerEmail() async throws {
        try await APITest.run { client, _ in
            var body = APITest.orderBody()
            var customer = body["customer"] as? [String: Any] ?? [:]
            customer["email"] = "not an address"
            body["customer"] = customer
            let refused = try await client.execute(
                uri: "/api/v1/orders", method: .post, headers: APITest.auth, body: try APITest.bytes(body))
            #expect(try APITest.problemCodes(refused.body) == ["customer.email:email.format"])
            customer["email"] = "Kehu@Example.com"
            customer["language"] = "en"
            body["customer"] = customer
            let created = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/orders", method: .post, headers: APITest.auth, body: try APITest.bytes(body)
                ).body)
            let shown = created["customer"] as? [String: Any]
            #expect(shown?["email"] as? String == "kehu@example.com")
            #expect(shown?["language"] as? String == "en")
        }
    }

    @Test("B3 who may see templates, dead letters and webhooks; secrets are shown once")
    func access() async throws {
        try await APITest.run { client, database in
            let dispatcher = try await APITest.headers(
                for: [RoleGrant(role: .dispatcher, scope: .stores(["SH01"]))], on: database)
            let templates = try APITest.object(
                try await client.execute(uri: "/api/v1/notifications/templates", method: .get, headers: dispatcher).body
            )
            let items = try #require(templates["items"] as? [[String: Any]])
            #expect(items.count == NotificationTopic.allCases.count)
            #expect(
                try await client.execute(
                    uri: "/api/v1/notifications/deliveries?status=dead", method: .get, headers: dispatcher
                )
                .status == .forbidden)
            let manager = try await APITest.headers(
                for: [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))], on: database)
            #expect(
                try await client.execute(
                    uri: "/api/v1/notifications/deliveries?status=dead", method: .get, headers: manager
                )
                .status == .ok)
            // Webhooks are company-wide: a store manager may not add one, an administrator may.
            let hook = try APITest.bytes(["url": "https://partner.example.com/hook"])
            #expect(
                try await client.execute(uri: "/api/v1/webhooks", method: .post, headers: manager, body: hook).status
                    == .forbidden)
            let admin = try await APITest.headers(
                for: [RoleGrant(role: .administrator, scope: .allStores)], on: database)
            let added = try await client.execute(uri: "/api/v1/webhooks", method: .post, headers: admin, body: hook)
            #expect(added.status == .created)
            let endpoint = try APITest.object(added.body)
            #expect((endpoint["secret"] as? String)?.hasPrefix("whsec_") == true)
            let listed = try APITest.object(
                try await client.execute(uri: "/api/v1/webhooks", method: .get, headers: admin).body)
            let first = (listed["items"] as? [[String: Any]])?.first
            #expect(first?["url"] as? String == "https://partner.example.com/hook")
            #expect(first?["secret"] == nil)
            let id = try #require(endpoint["id"] as? String)
            let disabled = try APITest.object(
                try await client.execute(uri: "/api/v1/webhooks/\(id)/disable", method: .post, headers: admin).body)
            #expect(disabled["active"] as? Bool == false)
            let bad = try await client.execute(
                uri: "/api/v1/webhooks", method: .post, headers: admin, body: try APITest.bytes(["url": "ftp://x"]))
            #expect(try APITest.problemCodes(bad.body) == ["url:webhook.url"])
            let missing = try await client.execute(
                uri: "/api/v1/notifications/deliveries/\(UUID().uuidString)/retry", method: .post, headers: manager)
            #expect(missing.status == .notFound)
        }
    }

    @Test("B3 the console previews what is sent when, and the tracking page stops and restarts SMS")
    func consoleAndTrackingPage() async throws {
        try await APITest.run { client, database in
            let (cookie, _) = try await ConsoleTests.signIn(
                client, database, "sh.manager", [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))])
            let page = String(
                buffer: try await client.execute(
                    uri: "/console/notifications", method: .get, headers: [.cookie: cookie]
                )
                .body)
            #expect(page.contains("id=\"templates\""))
            #expect(page.contains("data-topic=\"technicianAssigned\""))
            #expect(page.contains("已安排服务人员"))
            #expect(page.contains("id=\"no-deliveries\""))
            // A booking through the public page gets a tracking link; its page offers to stop SMS.
            let booked = try await OnlineBookingService(
                database: database, environment: .at(Fixtures.tickingClock()), logger: TestDatabase.logger
            ).book(
                Fixtures.draft(phone: "13700001111"), source: "203.0.113.9", formToken: nil)
            let trackURI = "/track/\(booked.trackingToken)"
            let trackPage = try await client.execute(uri: trackURI, method: .get)
            let before = String(buffer: trackPage.body)
            #expect(before.contains("id=\"messages-sms\""))
            #expect(!before.contains("id=\"messages-email\""))
            let trackCookie = try #require(trackPage.headers[.setCookie]?.components(separatedBy: ";").first)
            let csrf = String(trackCookie.dropFirst("orderflow_track_csrf=".count))
            // Without the page's token (another site's form): refused, nothing changed.
            let forged = try await client.execute(
                uri: trackURI + "/messages", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "channel=sms&stop=1&csrf=\(csrf)"))
            #expect(forged.status == .forbidden)
            let forgedRating = try await client.execute(
                uri: trackURI + "/feedback", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "rating=1&comment=spam&csrf=\(csrf)"))
            #expect(forgedRating.status == .forbidden)
            let stopped = try await client.execute(
                uri: trackURI + "/messages", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: trackCookie],
                body: ByteBuffer(string: "channel=sms&stop=1&csrf=\(csrf)"))
            #expect(stopped.headers[.location] == trackURI + "?messages=1")
            let after = String(buffer: try await client.execute(uri: trackURI + "?messages=1", method: .get).body)
            #expect(after.contains("已关闭短信通知") || after.contains("You stopped text messages"))
            let optedOut = try await database.read {
                try await NotificationPreferenceRecords.optedOut(phone: "13700001111", on: $0)
            }
            #expect(optedOut == [.sms])
            let wrong = try await client.execute(
                uri: "/track/not-a-token/messages", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: trackCookie],
                body: ByteBuffer(string: "channel=sms&stop=1&csrf=\(csrf)"))
            #expect(wrong.status == .notFound)
        }
    }
}

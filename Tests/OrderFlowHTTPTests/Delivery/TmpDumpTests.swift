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

@Suite struct TmpDumpTests {
    @Test func dump() async throws {
        try await APITest.run { client, database in
            let dir = URL(fileURLWithPath: "/tmp/site")
            try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            func save(_ name: String, _ text: String) throws { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
            let job = try await DeliveryConsoleTests.jobInService(client, database)
            try await DeliveryConsoleTests.submitReport(client, database, order: job.order, as: "sh.tech1", work: "拆洗过滤网，高压清洗蒸发器和接水盘，试机 15 分钟")
            let token = "link-\(UUID().uuidString)"
            try await database.write { try await TrackingLinkRecords.insert(secret: token, orderID: job.order.id, at: Fixtures.now, on: $0) }
            try save("track.html", try await DeliveryConsoleTests.page(client, "/track/\(token)", cookie: ""))
            let track = try await client.execute(uri: "/track/\(token)", method: .get)
            let cookie = track.headers[.setCookie]?.components(separatedBy: ";").first ?? ""
            let csrf = String(cookie.dropFirst("orderflow_track_csrf=".count))
            let r = try await client.execute(uri: "/track/\(token)/acceptance", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"], body: DeliveryConsoleTests.form([("csrf", csrf), ("decision", "rejected"), ("reasons", "")]))
            try save("track-422.html", String(buffer: r.body))
            _ = try await client.execute(uri: "/track/\(token)/acceptance", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"], body: DeliveryConsoleTests.form([("csrf", csrf), ("decision", "rejected"), ("reasons", "接水盘没擦干净\n还有异味")]))
            let (manager, _) = try await ConsoleTests.signIn(client, database, "sh.manager", [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))])
            try save("order-rework.html", try await DeliveryConsoleTests.page(client, "/console/orders/\(job.order.number)", cookie: manager))
            let (c1, _) = try await ConsoleTests.login(client, "sh.tech1")
            try save("job-rework.html", try await DeliveryConsoleTests.page(client, job.page, cookie: c1))
            try await DeliveryConsoleTests.submitReport(client, database, order: job.order, as: "sh.tech1", work: "重新清洗接水盘")
            let (c2, s2) = try await ConsoleTests.login(client, "sh.tech1")
            let acc = try await client.execute(uri: "\(job.page)/delivery/acceptance", method: .post, headers: [.cookie: c2, .contentType: "application/x-www-form-urlencoded"], body: DeliveryConsoleTests.form([("csrf", s2), ("signerName", "王先生"), ("decision", "accepted"), ("signature", DeliveryConsoleTests.signature)]))
            try save("acc.html", "\(acc.status) \(acc.headers)" + String(buffer: acc.body))
            try save("order.html", try await DeliveryConsoleTests.page(client, "/console/orders/\(job.order.number)", cookie: manager))
            try save("print.html", try await DeliveryConsoleTests.page(client, "/console/orders/\(job.order.number)/delivery-report", cookie: manager))
            try save("track-delivered.html", try await DeliveryConsoleTests.page(client, "/track/\(token)", cookie: cookie))
            try save("stores.html", try await DeliveryConsoleTests.page(client, "/console/stores/SH01", cookie: manager))
            let (admin, _) = try await ConsoleTests.signIn(client, database, "hq.admin", [RoleGrant(role: .administrator, scope: .allStores)])
            try save("prep.html", try await DeliveryConsoleTests.page(client, "/console/catalog/AC-CLEAN/preparation", cookie: admin))
        }
    }
}

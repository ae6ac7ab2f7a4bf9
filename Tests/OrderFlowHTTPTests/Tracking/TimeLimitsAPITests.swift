import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderFlowApp
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@Suite("Tracking: time limits API (R4.4)")
struct TimeLimitsAPITests {
    static var policy: [String: Any] {
        [
            "defaults": [
                "review": 30, "dispatch": 90, "customerContact": 60, "arrival": 480, "service": 240,
                "deliveryReport": 60,
                "acceptance": 1_620, "settlement": 2_700,
            ],
            "byItem": ["AC-CLEAN": ["service": 150]], "urgentShare": 0.5, "earlyWarningShare": 0.75,
            "escalateAfterMinutes": 45,
        ]
    }

    @Test("R4.4 administrators set the limits; others read them or are refused; bad values are 422 by field")
    func limits() async throws {
        try await APITest.run { client, database in
            let saved = try await client.execute(
                uri: "/api/v1/time-limits", method: .put, headers: APITest.auth, body: try APITest.bytes(Self.policy))
            #expect(saved.status == .ok)
            let dispatcher = try await APITest.headers(
                for: [RoleGrant(role: .dispatcher, scope: .stores(["SH01"]))], on: database)
            let read = try APITest.object(
                try await client.execute(uri: "/api/v1/time-limits", method: .get, headers: dispatcher).body)
            #expect((read["defaults"] as? [String: Int])?["dispatch"] == 90)
            #expect(((read["byItem"] as? [String: Any])?["AC-CLEAN"] as? [String: Int])?["service"] == 150)
            #expect(read["earlyWarningShare"] as? Double == 0.75)
            let refused = try await client.execute(
                uri: "/api/v1/time-limits", method: .put, headers: dispatcher, body: try APITest.bytes(Self.policy))
            #expect(refused.status == .forbidden)
            var bad = Self.policy
            bad["defaults"] = ["review": 0, "coffee": 10]
            bad["earlyWarningShare"] = 2
            let invalid = try await client.execute(
                uri: "/api/v1/time-limits", method: .put, headers: APITest.auth, body: try APITest.bytes(bad))
            #expect(try APITest.problemCodes(invalid.body) == ["defaults.coffee:timeLimits.unknownStage"])
            bad["defaults"] = ["review": 0]
            let outOfRange = try await client.execute(
                uri: "/api/v1/time-limits", method: .put, headers: APITest.auth, body: try APITest.bytes(bad))
            #expect(
                try APITest.problemCodes(outOfRange.body) == [
                    "defaults.review:timeLimits.minutesOutOfRange", "earlyWarningShare:timeLimits.shareOutOfRange",
                ])
            // The stored policy is unchanged by the refused ones.
            let after = try APITest.object(
                try await client.execute(uri: "/api/v1/time-limits", method: .get, headers: APITest.auth).body)
            #expect((after["defaults"] as? [String: Int])?["review"] == 30)
        }
    }

    @Test("R4.4 pausing and resuming an order's clock over the API and from its page")
    func pauseResume() async throws {
        try await APITest.run { client, database in
            let world = try await DispatchFixtures.seed(database)
            let order = try await world.confirmedOrder()
            let dispatcher = try await APITest.headers(
                for: [RoleGrant(role: .dispatcher, scope: .stores(["SH01"]))], on: database)
            let empty = try await client.execute(
                uri: "/api/v1/orders/\(order.number)/clock/pause", method: .post, headers: dispatcher,
                body: try APITest.bytes(["reason": ""]))
            #expect(try APITest.problemCodes(empty.body) == ["reason:clock.reasonRequired"])
            let paused = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/orders/\(order.number)/clock/pause", method: .post, headers: dispatcher,
                    body: try APITest.bytes(["reason": "等客户确认报价"])
                ).body)
            #expect(paused["stage"] as? String == "dispatch")
            #expect(paused["pauseReason"] as? String == "等客户确认报价")
            #expect(paused["deadline"] == nil)
            let again = try await client.execute(
                uri: "/api/v1/orders/\(order.number)/clock/pause", method: .post, headers: dispatcher,
                body: try APITest.bytes(["reason": "again"]))
            #expect(again.status == .conflict)
            let (cookie, _) = try await ConsoleTests.signIn(
                client, database, "sh.desk", [RoleGrant(role: .receptionist, scope: .stores(["SH01"]))])
            let page = String(
                buffer: try await client.execute(
                    uri: "/console/orders/\(order.number)", method: .get, headers: [.cookie: cookie]
                ).body)
            #expect(page.contains("id=\"clock-paused\""))
            #expect(page.contains("id=\"resume-clock\""))
            let resumed = try await client.execute(
                uri: "/api/v1/orders/\(order.number)/clock/resume", method: .post, headers: dispatcher)
            #expect(resumed.status == .ok)
            #expect(try APITest.object(resumed.body)["deadline"] as? String != nil)
        }
    }
}

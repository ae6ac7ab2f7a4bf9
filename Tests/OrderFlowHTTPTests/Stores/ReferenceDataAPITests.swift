import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@Suite("Stores and catalog API")
struct ReferenceDataAPITests {
    @Test("a catalog change with null price or availability is refused on each field; nothing changes")
    func nullIsNoChange() async throws {
        try await APITest.run { client, _ in
            let refused = try await client.execute(
                uri: "/api/v1/catalog/AC-CLEAN", method: .patch, headers: APITest.auth,
                body: ByteBuffer(string: "{\"unitPrice\": null, \"active\": null}"))
            #expect(refused.status == .unprocessableContent)
            #expect(Set(try APITest.problemCodes(refused.body)) == ["unitPrice:value.notNull", "active:value.notNull"])
            let catalog = try APITest.object(
                try await client.execute(uri: "/api/v1/catalog", method: .get, headers: APITest.auth).body)
            let item = (catalog["items"] as? [[String: Any]])?.first { $0["code"] as? String == "AC-CLEAN" }
            #expect(item?["unitPrice"] as? Int == 12_800)
            #expect(item?["active"] as? Bool == true)
        }
    }

    @Test("stores with opening hours and holidays; the catalog with prices in fen")
    func readReferenceData() async throws {
        try await APITest.run { client, _ in
            let stores = try APITest.object(
                try await client.execute(uri: "/api/v1/stores", method: .get, headers: APITest.auth).body)
            let store = (stores["items"] as? [[String: Any]])?.first { $0["code"] as? String == "SH01" }
            #expect(store?["code"] as? String == "SH01")
            #expect(store?["timeZone"] as? String == "Asia/Shanghai")
            #expect((store?["openingHours"] as? [Any])?.count == 6)
            #expect(store?["holidays"] as? [String] == ["2026-12-25"])
            try await client.execute(uri: "/api/v1/stores/SH01", method: .get, headers: APITest.auth) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/v1/stores/XX99", method: .get, headers: APITest.auth) {
                #expect($0.status == .notFound)
            }
            let catalog = try APITest.object(
                try await client.execute(uri: "/api/v1/catalog", method: .get, headers: APITest.auth).body)
            let items = catalog["items"] as? [[String: Any]] ?? []
            #expect(items.count == 3)
            #expect(items.first { $0["code"] as? String == "AC-CLEAN" }?["unitPrice"] as? Int == 12_800)
            #expect(items.first { $0["code"] as? String == "PIPE-UNBLOCK" }?["active"] as? Bool == false)
        }
    }

    @Test("R3.5 R3.6 an administrator sets an item's checklist, standard and safety notes; bad entries are 422")
    func preparation() async throws {
        try await APITest.run { client, database in
            let body: [String: Any] = [
                "checklist": [
                    ["code": "gauge", "kind": "tool", "name": ["zhHans": "压力表", "en": "Gauge"]],
                    ["code": "permit", "kind": "document", "name": ["zhHans": "作业许可", "en": "Work permit"]],
                ],
                "serviceStandard": ["zhHans": "试机 15 分钟", "en": "Run 15 minutes"],
                "safetyNotes": ["zhHans": "断电作业", "en": "Power off first"],
            ]
            let saved = try await client.execute(
                uri: "/api/v1/catalog/AC-CLEAN/preparation", method: .put, headers: APITest.auth,
                body: try APITest.bytes(body))
            #expect(saved.status == .ok)
            let catalog = try APITest.object(
                try await client.execute(uri: "/api/v1/catalog", method: .get, headers: APITest.auth).body)
            let item = (catalog["items"] as? [[String: Any]])?.first { $0["code"] as? String == "AC-CLEAN" }
            let checklist = (item?["preparation"] as? [String: Any])?["checklist"] as? [[String: Any]]
            #expect(checklist?.compactMap { $0["code"] as? String } == ["gauge", "permit"])
            var bad = body
            bad["checklist"] = [
                ["code": "has space", "kind": "tool", "name": ["zhHans": "甲", "en": "A"]],
                ["code": "x", "kind": "tool", "name": ["zhHans": "", "en": "B"]],
                ["code": "x", "kind": "tool", "name": ["zhHans": "丙", "en": "C"]],
            ]
            let refused = try await client.execute(
                uri: "/api/v1/catalog/AC-CLEAN/preparation", method: .put, headers: APITest.auth,
                body: try APITest.bytes(bad))
            #expect(
                try APITest.problemCodes(refused.body) == [
                    "checklist[0].code:checklist.codeInvalid", "checklist[1].nameZhHans:required",
                    "checklist[2].code:checklist.codeRepeated",
                ])
            let manager = try await APITest.headers(
                for: [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))], on: database)
            let forbidden = try await client.execute(
                uri: "/api/v1/catalog/AC-CLEAN/preparation", method: .put, headers: manager,
                body: try APITest.bytes(body))
            #expect(forbidden.status == .forbidden)
        }
    }
}

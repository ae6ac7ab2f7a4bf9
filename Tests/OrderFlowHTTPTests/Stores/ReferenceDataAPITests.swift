import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OrderFlowTestSupport
import Testing

@Suite("Stores and catalog API")
struct ReferenceDataAPITests {
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
}

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

/// Delivery through the real router: criteria on the catalog, uploads
/// checked by their bytes, the self-check gate, a signature on the device,
/// the second answer refused, and who may read a file.
@Suite("Delivery API (R5.1–R5.5, R6.1)")
struct DeliveryAPITests {
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data(repeating: 1, count: 500)
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 200)

    static var standard: [String: Any] {
        [
            "indicators": [
                [
                    "code": "airflow", "name": ["zhHans": "出风量正常", "en": "Airflow normal"],
                    "passWhen": ["zhHans": "≥ 3 m/s", "en": "≥ 3 m/s"],
                ]
            ],
            "method": ["zhHans": "试机 15 分钟", "en": "Run 15 minutes"], "periodHours": 24,
        ]
    }

    static func upload(
        _ client: any TestClientProtocol, _ uri: String, _ data: Data, type: String, headers: HTTPFields
    ) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = type
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: data))
    }

    @Test("R5.1 R6.1 acceptance criteria and warranty on the catalog: checked by field, audited, shown on the item")
    func catalogCriteria() async throws {
        try await APITest.run { client, _ in
            var bad = Self.standard
            bad["periodHours"] = 0
            let refused = try await client.execute(
                uri: "/api/v1/catalog/AC-CLEAN/acceptance", method: .put, headers: APITest.auth,
                body: try APITest.bytes(bad))
            #expect(refused.status == .unprocessableContent)
            #expect(try APITest.problemCodes(refused.body) == ["periodHours:acceptance.period"])
            let saved = try await client.execute(
                uri: "/api/v1/catalog/AC-CLEAN/acceptance", method: .put, headers: APITest.auth,
                body: try APITest.bytes(Self.standard))
            #expect(saved.status == .ok)
            #expect((try APITest.object(saved.body)["acceptance"] as? [String: Any])?["periodHours"] as? Int == 24)
            let warranty = try await client.execute(
                uri: "/api/v1/catalog/AC-CLEAN/warranty", method: .put, headers: APITest.auth,
                body: try APITest.bytes([
                    "periodDays": 0, "scope": [], "exclusions": ["misuse"], "costBearer": "company",
                ]))
            #expect(
                try APITest.problemCodes(warranty.body) == ["periodDays:warranty.period", "scope:warranty.scope"])
            let good = try await client.execute(
                uri: "/api/v1/catalog/AC-CLEAN/warranty", method: .put, headers: APITest.auth,
                body: try APITest.bytes([
                    "periodDays": 90, "scope": ["leak", "noise"], "exclusions": ["misuse"], "costBearer": "company",
                ]))
            #expect(
                (try APITest.object(good.body)["warranty"] as? [String: Any])?["scope"] as? [String] == [
                    "leak", "noise",
                ])
        }
    }

    @Test("R5.2 R5.3 upload, self-check gate, signature on the device, second answer 409, files read by who may")
    func deviceAcceptance() async throws {
        try await APITest.run { client, database in
            let (world, order, dispatcher) = try await DispatchAPITests.world(database, today: true)
            _ = try await client.execute(
                uri: "/api/v1/catalog/AC-CLEAN/acceptance", method: .put, headers: APITest.auth,
                body: try APITest.bytes(Self.standard))
            _ = try await client.execute(
                uri: "/api/v1/orders/\(order.number)/assignment", method: .post, headers: dispatcher,
                body: try APITest.bytes([
                    "mode": "technician", "technicianId": world.member("sh.tech1").id.uuidString, "reason": "熟客",
                ]))
            let me = try await DispatchAPITests.technician("sh.tech1", client, database)
            let base = "/api/v1/orders/\(order.number)/job"
            for entry in ["gauge", "covers"] {
                _ = try await client.execute(
                    uri: "\(base)/checklist/AC-CLEAN/\(entry)", method: .put, headers: me,
                    body: try APITest.bytes(["done": true]))
            }
            #expect(try await client.execute(uri: "\(base)/check-in", method: .post, headers: me).status == .ok)

            let photo = try await Self.upload(
                client, "\(base)/attachments?kind=photo&fileName=before.jpg", Self.jpeg, type: "image/jpeg", headers: me
            )
            #expect(photo.status == .created)
            let photoID = try #require(try APITest.object(photo.body)["id"] as? String)
            let text = try await Self.upload(
                client, "\(base)/attachments?kind=photo", Data("not an image".utf8), type: "image/png", headers: me)
            #expect(try APITest.problemCodes(text.body) == ["file:attachment.type"])
            let large = try await Self.upload(
                client, "\(base)/attachments?kind=photo", Self.jpeg + Data(repeating: 0, count: 10 * 1024 * 1024),
                type: "image/jpeg", headers: me)
            #expect(try APITest.problemCodes(large.body) == ["file:attachment.tooLarge"])
            let huge = try await Self.upload(
                client, "\(base)/attachments?kind=photo", Data(repeating: 0, count: 12 * 1024 * 1024),
                type: "image/jpeg", headers: me)
            #expect(huge.status == .contentTooLarge)

            var report: [String: Any] = [
                "workDone": "拆洗过滤网", "results": "出风 3.5 m/s", "attachmentIds": [photoID],
                "materials": [["name": "清洗剂", "quantity": "0.5", "unit": "瓶"]],
            ]
            let blocked = try await client.execute(
                uri: "\(base)/delivery-report", method: .post, headers: me, body: try APITest.bytes(report))
            #expect(try APITest.problemCodes(blocked.body) == ["selfChecks.AC-CLEAN.airflow:selfCheck.missing"])
            report["selfChecks"] = [["itemCode": "AC-CLEAN", "results": [["code": "airflow", "passed": true]]]]
            let submitted = try await client.execute(
                uri: "\(base)/delivery-report", method: .post, headers: me, body: try APITest.bytes(report))
            #expect(submitted.status == .created)
            #expect(try APITest.object(submitted.body)["round"] as? Int == 1)

            let signature = "data:image/png;base64," + Self.png.base64EncodedString()
            let noName = try await client.execute(
                uri: "\(base)/acceptance", method: .post, headers: me,
                body: try APITest.bytes(["decision": "accepted", "signature": signature]))
            #expect(try APITest.problemCodes(noName.body) == ["signerName:acceptance.signerName"])
            let accepted = try await client.execute(
                uri: "\(base)/acceptance", method: .post, headers: me,
                body: try APITest.bytes(["decision": "accepted", "signature": signature, "signerName": "王先生"]))
            #expect(accepted.status == .ok)
            let acceptance = try APITest.object(accepted.body)["acceptance"] as? [String: Any]
            #expect(acceptance?["via"] as? String == "technicianDevice")
            let again = try await client.execute(
                uri: "\(base)/acceptance", method: .post, headers: me,
                body: try APITest.bytes(["decision": "rejected", "reasons": "不满意", "signature": signature]))
            #expect(again.status == .conflict)
            #expect(try APITest.object(again.body)["code"] as? String == "acceptance.alreadyDecided")

            let delivery = try APITest.object(
                try await client.execute(
                    uri: "/api/v1/orders/\(order.number)/delivery", method: .get, headers: dispatcher
                ).body)
            #expect(delivery["status"] as? String == "delivered" && delivery["method"] as? String == "onSite")
            #expect((delivery["reports"] as? [[String: Any]])?.count == 1)
            let signatureID = try #require(acceptance?["signatureId"] as? String)
            let file = try await client.execute(
                uri: "/api/v1/attachments/\(signatureID)", method: .get, headers: dispatcher)
            #expect(file.status == .ok && file.headers[.contentType] == "image/png")
            #expect(Data(file.body.readableBytesView) == Self.png)
            // A customer's file is a download, never rendered as a page of ours.
            #expect(file.headers[.contentDisposition] == "attachment; filename=\"\(signatureID).png\"")
            #expect(file.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            let elsewhere = try await APITest.headers(
                for: [RoleGrant(role: .storeManager, scope: .stores(["BJ01"]))], on: database)
            #expect(
                try await client.execute(uri: "/api/v1/attachments/\(signatureID)", method: .get, headers: elsewhere)
                    .status == .notFound)
        }
    }

    @Test("R5.3 the lapse setting: store managers set it (audited), technicians may not")
    func lapseSetting() async throws {
        try await APITest.run { client, database in
            let uri = "/api/v1/stores/SH01/delivery-settings"
            let read = try await client.execute(uri: uri, method: .get, headers: APITest.auth)
            #expect(try APITest.object(read.body)["lapseAction"] as? String == "escalate")
            let set = try await client.execute(
                uri: uri, method: .put, headers: APITest.auth, body: try APITest.bytes(["lapseAction": "accept"]))
            #expect(set.status == .ok)
            let technician = try await APITest.headers(
                for: [RoleGrant(role: .technician, scope: .stores(["SH01"]))], on: database)
            let refused = try await client.execute(
                uri: uri, method: .put, headers: technician, body: try APITest.bytes(["lapseAction": "escalate"]))
            #expect(refused.status == .forbidden)
            let again = try await client.execute(uri: uri, method: .get, headers: technician)
            #expect(try APITest.object(again.body)["lapseAction"] as? String == "accept")
        }
    }
}

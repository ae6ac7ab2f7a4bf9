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

/// The generated matrix: every operation of openapi.yaml, called by a token
/// of every role, must be allowed or refused exactly as `AccessPolicy` says.
@Suite("Access matrix: every operation × every role")
struct AccessMatrixTests {
    /// Request bodies good enough to get past decoding; the answer may
    /// still be 404/409/422, which all count as "allowed" (not 401/403).
    static var bodies: [String: [String: Any]] {
        [
            "createOrder": APITest.orderBody(),
            "cancelOrder": ["reason": "客户改期了"],
            "rejectOrder": ["reason": "电话无法接通"],
            "revealPersonalData": ["reason": "上门前核实地址"],
            "createStaffMember": [
                "username": "new.person", "displayName": "新人", "grants": [["role": "technician", "stores": ["SH01"]]],
            ],
            "setStaffRoles": ["grants": [["role": "technician", "stores": ["SH01"]]]],
            "resetStaffPassword": ["password": "Brand-new-phrase-42"],
            "changeOwnPassword": ["currentPassword": "whatever-it-was", "newPassword": "Brand-new-phrase-42"],
            "saveTechnicianProfile": [
                "skills": [["skill": "hvac", "level": 3, "yearsOfExperience": 2]], "qualifications": [], "teams": [],
                "weeklyShifts": [], "exceptions": [],
            ],
            "createToken": ["name": "matrix", "grants": [["role": "auditor", "stores": ["*"]]]],
        ]
    }

    static func grants(_ role: Role, store: String) -> [RoleGrant] {
        [RoleGrant(role: role, scope: role.mayCoverAllStores ? .allStores : .stores([store]))]
    }

    /// An SH01 order and an SH01 technician for the operations to act on.
    static func prepare(_ database: any OrderFlowDatabase) async throws -> String {
        let order = try await Fixtures.intake(database).createOrder(Fixtures.draft(), by: Fixtures.agent).order.order
        _ = try await AccessService(database: database, logger: TestDatabase.logger).addStaff(
            .init(
                username: "sh.tech", displayName: "张师傅", password: nil,
                grants: [RoleGrant(role: .technician, scope: .stores(["SH01"]))]),
            by: Fixtures.administrator)
        return order.number
    }

    static func call(
        _ client: any TestClientProtocol, _ operation: OpenAPIOperations.Operation, headers: HTTPFields
    ) async throws -> HTTPResponse.Status {
        let body = try bodies[operation.operationID].map { try APITest.bytes($0) }
        return try await client.execute(
            uri: operation.path, method: operation.method, headers: headers,
            body: operation.method == .get ? nil : body ?? ByteBuffer(string: "{}")
        ).status
    }

    @Test("R8.4 each role's own store: allowed where the policy allows, 403 elsewhere")
    func ownStore() async throws {
        try await APITest.run { client, database in
            let number = try await Self.prepare(database)
            var values = OpenAPIOperations.defaults
            values["orderRef"] = number
            let operations = try OpenAPIOperations.all(values: values)
            for role in Role.allCases {
                let grants = Self.grants(role, store: "SH01")
                let caller = Caller(actor: Actor(kind: .integration, id: "matrix"), grants: grants)
                let headers = try await APITest.headers(for: grants, on: database)
                for operation in operations {
                    let status = try await Self.call(client, operation, headers: headers)
                    guard let action = OperationPolicy.actions[operation.operationID] else {
                        Issue.record("\(operation.operationID) has no policy")
                        continue
                    }
                    let label = "\(role) \(operation.operationID) → \(status.code)"
                    if operation.operationID == "platformIntake" {
                        // Platforms sign their bodies; no token of any role gets in.
                        #expect(status == .unauthorized, "\(label)")
                    } else if caller.mayAtAll(action) {
                        #expect(status != .forbidden && status != .unauthorized, "\(label)")
                    } else {
                        #expect(status == .forbidden, "\(label)")
                    }
                }
            }
        }
    }

    /// Operations on one order or one person, whose existence another
    /// store's staff may not learn.
    static let secretExistence: Set<String> = [
        "getOrder", "getOrderTimeline", "revealPersonalData", "approveOrder", "rejectOrder", "cancelOrder",
        "getStaffMember", "setStaffRoles", "disableStaffMember", "resetStaffPassword", "getTechnicianProfile",
        "saveTechnicianProfile",
    ]

    @Test("R1.4 another store's order or person: 404 for store roles that could act on their own store's")
    func otherStore() async throws {
        try await APITest.run { client, database in
            let number = try await Self.prepare(database)
            var values = OpenAPIOperations.defaults
            values["orderRef"] = number
            let operations = try OpenAPIOperations.all(values: values).filter {
                Self.secretExistence.contains($0.operationID)
            }
            #expect(operations.count == Self.secretExistence.count)
            for role in Role.allCases where !role.mayCoverAllStores {
                let grants = Self.grants(role, store: "BJ01")
                let caller = Caller(actor: Actor(kind: .integration, id: "matrix"), grants: grants)
                let headers = try await APITest.headers(for: grants, on: database)
                for operation in operations {
                    guard let action = OperationPolicy.actions[operation.operationID] else { continue }
                    let status = try await Self.call(client, operation, headers: headers)
                    let expected: HTTPResponse.Status = caller.mayAtAll(action) ? .notFound : .forbidden
                    #expect(status == expected, "\(role) \(operation.operationID) → \(status.code)")
                }
                // Lists answer, without the other store's things.
                let orders = try APITest.object(
                    try await client.execute(uri: "/api/v1/orders", method: .get, headers: headers).body)
                if caller.mayAtAll(.readOrder) { #expect((orders["items"] as? [Any])?.isEmpty == true, "\(role)") }
            }
        }
    }
}

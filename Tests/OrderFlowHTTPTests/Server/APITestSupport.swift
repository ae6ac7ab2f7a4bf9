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

/// Runs the real router (middlewares, generated handlers, use cases) on a
/// fresh seeded database, in process, and hands the test a client.
enum APITest {
    /// The default caller of these tests: an integration token with a store
    /// manager's grants for SH01 and an administrator's for all stores.
    static let token = "oft_0123456789abcdef0123456789abcdef01234567"
    static let platformSecret = "meituan-secret-0123456789"
    static let defaultGrants = [
        RoleGrant(role: .storeManager, scope: .stores(["SH01"])), RoleGrant(role: .administrator, scope: .allStores),
    ]

    static var config: AppConfig {
        var config = AppConfig()
        config.platformSecrets = ["meituan": platformSecret]
        config.maxBodyBytes = 16 * 1024
        config.attachmentsPath =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("orderflow-attachments-\(UUID().uuidString)").path
        return config
    }

    static func run(
        _ engine: TestEngine = .sqlite, framework: TestingSetup = .router,
        configure: @escaping @Sendable (inout AppConfig) -> Void = { _ in },
        _ test: @escaping @Sendable (any TestClientProtocol, any OrderFlowDatabase) async throws -> Void
    ) async throws {
        var config = Self.config
        configure(&config)
        try await TestDatabase.with(engine) { [config] database in
            try await Fixtures.seed(database)
            try await issueToken(token, grants: defaultGrants, on: database)
            let router = try await OrderFlowServer.buildRouter(
                config: config, database: database, environment: .at(Fixtures.tickingClock()),
                logger: TestDatabase.logger)
            let app = Application(router: router, logger: TestDatabase.logger)
            try await app.test(framework) { client in try await test(client, database) }
        }
    }

    /// Stores a token with a known secret, as `orderflow token create` would.
    static func issueToken(
        _ secret: String, grants: [RoleGrant], expiresAt: Date? = nil, on database: any OrderFlowDatabase
    ) async throws {
        let token = APIToken(
            id: UUID(), name: "test \(secret.suffix(6))", prefix: APIToken.prefix(of: secret), grants: grants,
            createdAt: Fixtures.now, createdBy: "test", expiresAt: expiresAt)
        try await database.write { try await APITokenRecords.insert(token, secret: secret, on: $0) }
    }

    /// A fresh token holding `grants`, and the headers that send it.
    static func headers(for grants: [RoleGrant], on database: any OrderFlowDatabase) async throws -> HTTPFields {
        let secret = APIToken.secret(fromRandomBytes: (0..<20).map { _ in UInt8.random(in: 0...255) })
        try await issueToken(secret, grants: grants, on: database)
        return [.authorization: "Bearer \(secret)", .contentType: "application/json"]
    }

    static var auth: HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    static func json(_ value: some Encodable) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return ByteBuffer(bytes: try encoder.encode(value))
    }

    /// The fixture draft as the API's JSON.
    static func orderBody(phone: String = "13812345678", quantity: Int = 1) -> [String: Any] {
        [
            "storeCode": "SH01", "channel": "phone",
            "customer": [
                "name": "张伟", "phone": phone,
                "address": ["province": "上海市", "city": "上海市", "district": "徐汇区", "detail": "天钥桥路 100 号"],
            ],
            "lines": [["itemCode": "AC-CLEAN", "specification": "1.5 匹挂机", "quantity": quantity]],
            "paymentMethod": "wechatPay",
            "appointmentStart": iso(Fixtures.shanghai(daysAfterNow: 1, hour: 10)),
            "appointmentEnd": iso(Fixtures.shanghai(daysAfterNow: 1, hour: 12)),
        ]
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = .shanghai
        return formatter.string(from: date)
    }

    static func bytes(_ object: Any) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))
    }

    static func object(_ buffer: ByteBuffer) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))
        guard let object = value as? [String: Any] else {
            throw DecodingError.typeMismatch(
                [String: Any].self, .init(codingPath: [], debugDescription: "not an object"))
        }
        return object
    }

    static func problemCodes(_ buffer: ByteBuffer) throws -> [String] {
        let errors = try object(buffer)["errors"] as? [[String: Any]] ?? []
        return errors.compactMap { error in
            guard let field = error["field"] as? String, let code = error["code"] as? String else { return nil }
            return "\(field):\(code)"
        }
    }
}

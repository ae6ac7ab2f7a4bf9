import Foundation
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@Suite("API tokens, store scope and personal data")
struct TokenAndDisclosureTests {
    @Test(
        "a token is shown once, works until revoked or expired, and each refusal is audited",
        arguments: TestEngine.available)
    func tokenLifecycle(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let clock = TestClock()
            let access = AccessService(database: database, environment: clock.environment, logger: TestDatabase.logger)
            let grants = [RoleGrant(role: .receptionist, scope: .stores(["SH01"]))]
            let issued = try await access.createToken(
                name: "front desk tablet", grants: grants, expiresAt: clock.now.addingTimeInterval(86_400),
                by: Fixtures.administrator)
            #expect(issued.secret.hasPrefix("oft_") && issued.secret.count == 44)
            #expect(try await access.caller(forToken: issued.secret).grants == grants)
            #expect(try await access.tokens(by: Fixtures.administrator).map(\.id) == [issued.token.id])

            clock.advance(by: 86_400)
            await #expect(throws: AppError.self) { try await access.caller(forToken: issued.secret) }
            let second = try await access.createToken(
                name: "booking site", grants: grants, expiresAt: nil, by: Fixtures.administrator)
            _ = try await access.revokeToken(second.token.prefix, by: Fixtures.administrator)
            await #expect(throws: AppError.self) { try await access.caller(forToken: second.secret) }
            await #expect(throws: AppError.self) {
                try await access.revokeToken(second.token.prefix, by: Fixtures.administrator)
            }
            await #expect(throws: AppError.self) {
                try await access.caller(forToken: "oft_" + String(repeating: "0", count: 40))
            }

            let actions = try await database.read { try await AuditLog.all(on: $0) }.map(\.action)
            #expect(actions == ["token.created", "token.refused", "token.created", "token.revoked", "token.refused"])
        }
    }

    @Test(
        "R1.4 tokens outside their store see nothing of it: 404, an empty list, 403 to create",
        arguments: TestEngine.available)
    func storeScope(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let intake = Fixtures.intake(database)
            let order = try await intake.createOrder(Fixtures.draft(), by: Fixtures.agent).order.order
            let beijing = Fixtures.caller(.receptionist, stores: ["BJ01"])
            await #expect(throws: AppError.orderNotFound(order.number)) {
                try await intake.order(order.number, by: beijing)
            }
            await #expect(throws: AppError.orderNotFound(order.id.uuidString)) {
                try await intake.timeline(order.id.uuidString, by: beijing)
            }
            await #expect(throws: AppError.orderNotFound(order.number)) {
                try await intake.cancel(order.number, reason: "不要了", ifMatch: nil, by: beijing)
            }
            #expect(try await intake.orders(OrderQuery(), by: beijing).orders.isEmpty)
            #expect(try await intake.orders(OrderQuery(storeCode: "SH01"), by: beijing).orders.isEmpty)
            await #expect(throws: AppError.self) { try await intake.createOrder(Fixtures.draft(), by: beijing) }
            // A dispatcher of the store reads it but may not cancel it: 403, since it may know the order exists.
            let dispatcher = Fixtures.caller(.dispatcher, stores: ["SH01"])
            #expect(try await intake.order(order.number, by: dispatcher).order.id == order.id)
            await #expect(
                throws: AppError.forbidden(LocalizedText(zhHans: "您的角色无权执行此操作", en: "Your roles do not allow this"))
            ) {
                try await intake.cancel(order.number, reason: "不要了", ifMatch: nil, by: dispatcher)
            }
            // Technicians see only their own jobs; none are assigned before dispatch.
            let technician = Fixtures.caller(.technician, stores: ["SH01"])
            #expect(try await intake.orders(OrderQuery(), by: technician).orders.isEmpty)
        }
    }

    @Test(
        "R1.4 masked for finance, in full for the store's receptionist, revealed with a reason and audited",
        arguments: TestEngine.available)
    func masking(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            try await Fixtures.seed(database)
            let intake = Fixtures.intake(database)
            let order = try await intake.createOrder(Fixtures.draft(), by: Fixtures.agent).order.order
            let finance = Fixtures.caller(.finance)
            let masked = try await intake.order(order.number, by: finance)
            #expect(masked.personalData == .masked)
            #expect(masked.order.customer.phone == "138****5678")
            #expect(masked.order.customer.name == "张*")
            #expect(masked.order.customer.address?.detail == "")
            #expect(masked.order.customer.address?.district == order.customer.address?.district)
            let listed = try await intake.orders(OrderQuery(), by: finance).orders
            #expect(listed.map(\.order.customer.phone) == ["138****5678"])
            let history = try await intake.timeline(order.number, by: finance)
            #expect(history.entries.first?.payload.order?.customer.phone == "138****5678")

            let receptionist = Fixtures.caller(.receptionist, stores: ["SH01"])
            let full = try await intake.order(order.number, by: receptionist)
            #expect(full.personalData == .full && full.order.customer == order.customer)

            await #expect(throws: AppError.self) {
                try await intake.revealPersonalData(order.number, reason: "need it", by: finance)
            }
            let afterSales = Fixtures.caller(.afterSales, stores: ["SH01"])
            await #expect(throws: AppError.invalid(AccessPolicy.revealReasonProblems(nil))) {
                try await intake.revealPersonalData(order.number, reason: nil, by: afterSales)
            }
            let revealed = try await intake.revealPersonalData(order.number, reason: "保修回访客户", by: afterSales)
            #expect(revealed == order.customer)
            let audit = try await database.read {
                try await AuditLog.search(AuditQuery(action: "personalData.revealed"), on: $0)
            }
            #expect(audit.count == 1)
            #expect(audit.first?.actor == afterSales.actor.description)
            #expect(audit.first?.subject == order.number)
            #expect(audit.first?.storeCode == "SH01")
            #expect(audit.first?.detailJSON.contains("保修回访客户") == true)
        }
    }
}

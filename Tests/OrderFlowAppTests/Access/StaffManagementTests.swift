import Foundation
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport
import Testing

@Suite("Staff accounts, roles and technician profiles")
struct StaffManagementTests {
    static func access(_ database: any OrderFlowDatabase) async throws -> AccessService {
        try await Fixtures.seed(database)
        return AccessService(database: database, environment: .at(Fixtures.tickingClock()), logger: TestDatabase.logger)
    }

    static func grant(_ role: Role, _ stores: String...) -> [RoleGrant] {
        [RoleGrant(role: role, scope: stores.isEmpty ? .allStores : .stores(Set(stores)))]
    }

    static let managerSH01 = Caller(
        actor: Actor(kind: .staff, id: "sh.manager"), grants: grant(.storeManager, "SH01"), staffID: UUID())

    @Test("bad accounts are refused field by field, nothing is stored", arguments: TestEngine.available)
    func invalidAccounts(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let access = try await Self.access(database)
            do {
                _ = try await access.addStaff(
                    .init(
                        username: "x'; DROP TABLE staff; --", displayName: String(repeating: "名", count: 51),
                        password: "short", grants: [RoleGrant(role: .receptionist, scope: .allStores)]),
                    by: Fixtures.administrator)
                Issue.record("accepted")
            } catch AppError.invalid(let problems) {
                #expect(
                    problems.map { "\($0.field):\($0.code)" } == [
                        "username:staff.usernameInvalid", "displayName:text.tooLong", "password:password.tooShort",
                        "grants:staff.grantsInvalid",
                    ])
            }
            await #expect(throws: AppError.invalid([IntakeProblem.unknownStore("grants", code: "ZZ99")])) {
                try await access.addStaff(
                    .init(
                        username: "lina", displayName: "李娜", password: nil, grants: Self.grant(.receptionist, "ZZ99")),
                    by: Fixtures.administrator)
            }
            #expect(try await access.staff(by: Fixtures.administrator).isEmpty)
        }
    }

    @Test("SQL metacharacters are data, not SQL", arguments: TestEngine.available)
    func metacharacters(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let access = try await Self.access(database)
            let name = "O'Brien\"; DROP TABLE staff; --"
            let member = try await access.addStaff(
                .init(username: "obrien", displayName: name, password: nil, grants: Self.grant(.receptionist, "SH01")),
                by: Fixtures.administrator)
            let found = try await access.staffMember("obrien", by: Fixtures.administrator)
            #expect(found == member)
            #expect(try await access.staffMember("obrien", by: Fixtures.administrator).displayName == name)
            await #expect(throws: AppError.self) {
                try await access.staffMember("' OR '1'='1", by: Fixtures.administrator)
            }
        }
    }

    @Test("a store manager manages their own store's staff only", arguments: TestEngine.available)
    func storeManagerReach(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let access = try await Self.access(database)
            let manager = Self.managerSH01
            _ = try await access.addStaff(
                .init(username: "sh.tech", displayName: "张师傅", password: nil, grants: Self.grant(.technician, "SH01")),
                by: manager)
            _ = try await access.addStaff(
                .init(username: "bj.tech", displayName: "刘师傅", password: nil, grants: Self.grant(.technician, "BJ01")),
                by: Fixtures.administrator)
            for grants in [Self.grant(.technician, "BJ01"), Self.grant(.administrator), Self.grant(.reviewer, "SH01")] {
                await #expect(throws: AppError.self, "\(grants)") {
                    try await access.addStaff(
                        .init(username: "sneaky", displayName: "x", password: nil, grants: grants), by: manager)
                }
            }
            #expect(try await access.staff(by: manager).map(\.username) == ["sh.tech"])
            // Another store's people do not exist for this manager: 404, not 403.
            await #expect(
                throws: AppError.notFound(LocalizedText(zhHans: "找不到员工 bj.tech", en: "No staff member bj.tech"))
            ) {
                try await access.disable("bj.tech", ifMatch: nil, by: manager)
            }
            let changed = try await access.setRoles(
                "sh.tech", to: Self.grant(.dispatcher, "SH01"), ifMatch: 1, by: manager)
            #expect(changed.grants == Self.grant(.dispatcher, "SH01"))
            await #expect(throws: AppError.versionMismatch(current: 2, record: .staffMember)) {
                try await access.setRoles("sh.tech", to: Self.grant(.technician, "SH01"), ifMatch: 1, by: manager)
            }
            let audit = try await database.read {
                try await AuditLog.search(AuditQuery(action: "staff.rolesChanged"), on: $0)
            }
            #expect(audit.first?.detailJSON.contains("technician@SH01") == true)
            #expect(audit.first?.detailJSON.contains("dispatcher@SH01") == true)
        }
    }

    @Test("nobody changes their own roles or disables themselves", arguments: [TestEngine.sqlite])
    func notOneself(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let access = try await Self.access(database)
            let admin = try await access.addStaff(
                .init(username: "root.li", displayName: "李", password: nil, grants: Self.grant(.administrator)),
                by: Fixtures.administrator)
            let caller = Caller.staff(admin)
            await #expect(throws: AppError.self) {
                try await access.setRoles("root.li", to: Self.grant(.auditor), ifMatch: nil, by: caller)
            }
            await #expect(throws: AppError.self) { try await access.disable("root.li", ifMatch: nil, by: caller) }
        }
    }

    @Test("roles without staff actions are refused with 403", arguments: [Role.receptionist, .technician, .finance])
    func refused(role: Role) async throws {
        try await TestDatabase.with(.sqlite) { database in
            let access = try await Self.access(database)
            let caller = Fixtures.caller(role, stores: role.mayCoverAllStores ? [] : ["SH01"])
            await #expect(
                throws: AppError.forbidden(LocalizedText(zhHans: "您的角色无权执行此操作", en: "Your roles do not allow this"))
            ) {
                try await access.addStaff(
                    .init(username: "x.y", displayName: "x", password: nil, grants: Self.grant(.technician, "SH01")),
                    by: caller)
            }
            await #expect(throws: AppError.self) { try await access.tokens(by: caller) }
            await #expect(throws: AppError.self) { try await access.auditLog(AuditQuery(), by: caller) }
        }
    }

    @Test(
        "R3.1 technician profiles: catalog skills only, versioned, for technicians only",
        arguments: TestEngine.available)
    func technicianProfiles(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database in
            let access = try await Self.access(database)
            _ = try await access.addStaff(
                .init(username: "sh.tech", displayName: "张师傅", password: nil, grants: Self.grant(.technician, "SH01")),
                by: Fixtures.administrator)
            _ = try await access.addStaff(
                .init(username: "sh.desk", displayName: "吴", password: nil, grants: Self.grant(.receptionist, "SH01")),
                by: Fixtures.administrator)
            let empty = try await access.technicianProfile("sh.tech", by: Self.managerSH01)
            #expect(empty.version == 0 && empty.skills.isEmpty)
            var profile = empty
            profile.skills = [TechnicianSkill(skill: "hvac", level: 4, yearsOfExperience: 6)]
            profile.teams = ["空调组"]
            let saved = try await access.saveTechnicianProfile("sh.tech", profile, ifMatch: 0, by: Self.managerSH01)
            #expect(saved.version == 1)
            let dispatcher = Fixtures.caller(.dispatcher, stores: ["SH01"])
            #expect(try await access.technicianProfile("sh.tech", by: dispatcher) == saved)
            await #expect(throws: AppError.self) {
                try await access.technicianProfile("sh.tech", by: Fixtures.caller(.dispatcher, stores: ["BJ01"]))
            }
            await #expect(throws: AppError.self) {
                try await access.saveTechnicianProfile("sh.tech", profile, ifMatch: nil, by: dispatcher)
            }
            var unknown = saved
            unknown.skills = [TechnicianSkill(skill: "astrology", level: 4, yearsOfExperience: 6)]
            await #expect(throws: AppError.self) {
                try await access.saveTechnicianProfile("sh.tech", unknown, ifMatch: 1, by: Self.managerSH01)
            }
            await #expect(throws: AppError.versionMismatch(current: 1, record: .technician)) {
                try await access.saveTechnicianProfile("sh.tech", profile, ifMatch: 0, by: Self.managerSH01)
            }
            await #expect(throws: AppError.self) {
                try await access.technicianProfile("sh.desk", by: Self.managerSH01)
            }
        }
    }
}

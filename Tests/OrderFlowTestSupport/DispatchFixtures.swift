import Foundation
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore

/// A store's dispatch world for tests: the fixture store with three
/// technicians on Monday–Saturday 09:00–18:00 shifts, one at another store,
/// a team, and an air-conditioner item with a two-entry checklist.
public enum DispatchFixtures {
    /// `sh.tech1`: hvac level 4; `sh.tech2`: hvac level 2; `sh.tech3`:
    /// device repair only; `bj.tech`: hvac, Beijing. Team "Crew A" is tech2 + tech3.
    public struct World: Sendable {
        public var database: any OrderFlowDatabase
        public var members: [String: StaffMember]

        public func member(_ username: String) -> StaffMember {
            guard let member = members[username] else { preconditionFailure("no fixture member \(username)") }
            return member
        }

        public func technician(_ username: String) -> Caller { .staff(member(username)) }

        public func dispatch(at instant: Date = Fixtures.now) -> DispatchService {
            DispatchService(database: database, environment: .at { instant }, logger: TestDatabase.logger)
        }

        public func jobs(at instant: Date = Fixtures.now) -> JobService {
            JobService(database: database, environment: .at { instant }, logger: TestDatabase.logger)
        }

        /// A confirmed order for the air-conditioner item `daysAhead` days
        /// from now, window `hour` to `hour` + 2 in Shanghai.
        public func confirmedOrder(
            phone: String = "13812345678", daysAhead: Int = 1, hour: Int = 10, quantity: Int = 1
        ) async throws -> Order {
            var draft = Fixtures.draft(phone: phone, quantity: quantity, daysAhead: daysAhead)
            draft.appointmentStart = Fixtures.shanghai(daysAfterNow: daysAhead, hour: hour)
            draft.appointmentEnd = Fixtures.shanghai(daysAfterNow: daysAhead, hour: hour + 2)
            let order = try await Fixtures.intake(database).createOrder(draft, by: Fixtures.agent).order.order
            guard order.status == .confirmed else { preconditionFailure("fixture order went to \(order.status)") }
            return order
        }
    }

    public static let dispatcher = Caller(
        actor: Actor(kind: .staff, id: "dispatcher-1"),
        grants: [RoleGrant(role: .dispatcher, scope: .stores(["SH01"]))], staffID: UUID())
    public static let otherDispatcher = Caller(
        actor: Actor(kind: .staff, id: "dispatcher-2"),
        grants: [RoleGrant(role: .dispatcher, scope: .stores(["SH01"]))], staffID: UUID())
    public static let manager = Caller(
        actor: Actor(kind: .staff, id: "manager-1"),
        grants: [RoleGrant(role: .storeManager, scope: .stores(["SH01"]))], staffID: UUID())

    public static let acCleanPrepared: ServiceItem = {
        var item = Fixtures.acClean
        item.preparation = ServicePreparation(
            checklist: [
                ChecklistEntry(
                    code: "gauge", kind: .tool, name: LocalizedText(zhHans: "冷媒压力表", en: "Refrigerant gauge")),
                ChecklistEntry(
                    code: "covers", kind: .material, name: LocalizedText(zhHans: "鞋套", en: "Shoe covers")),
            ],
            serviceStandard: LocalizedText(zhHans: "清洗后试机 15 分钟", en: "Run 15 minutes after cleaning"),
            safetyNotes: LocalizedText(zhHans: "断电后作业", en: "Work with the power off"))
        return item
    }()

    public static func seed(_ database: any OrderFlowDatabase) async throws -> World {
        try await Fixtures.seed(database)
        try await ReferenceDataService(database: database, environment: .at { Fixtures.now })
            .save(stores: [Fixtures.store, Fixtures.otherStore], items: [acCleanPrepared, Fixtures.phoneScreen])
        let access = AccessService(
            database: database, environment: .at(Fixtures.tickingClock()), logger: TestDatabase.logger)
        let shifts = WeeklyOpeningHours(
            byWeekday: Dictionary(
                uniqueKeysWithValues: (2...7).map {
                    ($0, DailyHours(opens: TimeOfDay(hour: 9), closes: TimeOfDay(hour: 18)))
                }))
        let people: [(String, String, String, [TechnicianSkill], [String])] = [
            ("sh.tech1", "张师傅", "SH01", [TechnicianSkill(skill: "hvac", level: 4, yearsOfExperience: 8)], []),
            ("sh.tech2", "李师傅", "SH01", [TechnicianSkill(skill: "hvac", level: 2, yearsOfExperience: 2)], ["Crew A"]),
            (
                "sh.tech3", "王师傅", "SH01", [TechnicianSkill(skill: "device-repair", level: 3, yearsOfExperience: 4)],
                ["Crew A"]
            ),
            ("bj.tech", "刘师傅", "BJ01", [TechnicianSkill(skill: "hvac", level: 5, yearsOfExperience: 12)], []),
        ]
        var members: [String: StaffMember] = [:]
        for (username, name, store, skills, teams) in people {
            members[username] = try await access.addStaff(
                .init(
                    username: username, displayName: name, password: nil,
                    grants: [RoleGrant(role: .technician, scope: .stores([store]))]), by: Fixtures.administrator)
            _ = try await access.saveTechnicianProfile(
                username,
                TechnicianProfile(staffID: UUID(), skills: skills, teams: teams, weeklyShifts: shifts), ifMatch: 0,
                by: Fixtures.administrator)
        }
        return World(database: database, members: members)
    }
}

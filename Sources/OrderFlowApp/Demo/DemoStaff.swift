import Foundation
import OrderFlowCore
import OrderFlowStore

/// The demo's people: head office, and in each store a manager, a
/// receptionist, a dispatcher, an after-sales agent and four technicians
/// with skills, certificates, teams and shifts. Every demo account signs in
/// with `password` (README lists them).
public enum DemoStaff {
    public static let password = "OrderFlow-demo-2026"

    /// One demo account: user name, name, grants, and for technicians a profile template.
    public struct Account: Sendable {
        public var username: String
        public var displayName: String
        public var grants: [RoleGrant]
        var technician: TechnicianTemplate?
    }

    struct TechnicianTemplate: Sendable {
        var skills: [TechnicianSkill]
        var qualifications: [(String, String?, LocalDate?)]
        var team: String
        /// Weekdays worked (1 = Sunday) and the hours.
        var weekdays: ClosedRange<Int>
        var hours: (Int, Int)
    }

    public static let headOffice: [Account] = [
        account("admin", "系统管理员", .administrator),
        account("cs.liu", "刘晓燕", .customerService),
        account("cs.wang", "王静", .customerService),
        account("review.zhou", "周敏", .reviewer),
        account("finance.chen", "陈芳", .finance),
        account("archive.sun", "孙磊", .archivist),
        account("supervisor.ma", "马超", .supervisor),
        account("audit.hu", "胡娟", .auditor),
    ]

    /// The people of one store, user names prefixed by the city (`sh.manager` …).
    public static func store(_ code: String) -> [Account] {
        let prefix = code.prefix(2).lowercased()
        let names = storeNames[code] ?? storeNames["SH01"] ?? []
        func name(_ index: Int) -> String { index < names.count ? names[index] : "\(prefix)-\(index)" }
        let scope = StoreScope.stores([code])
        func at(_ role: Role) -> [RoleGrant] { [RoleGrant(role: role, scope: scope)] }
        return [
            Account(username: "\(prefix).manager", displayName: name(0), grants: at(.storeManager)),
            Account(username: "\(prefix).reception", displayName: name(1), grants: at(.receptionist)),
            Account(username: "\(prefix).dispatch", displayName: name(2), grants: at(.dispatcher)),
            Account(username: "\(prefix).aftersales", displayName: name(3), grants: at(.afterSales)),
        ]
            + technicians.enumerated().map { index, template in
                Account(
                    username: "\(prefix).tech\(index + 1)", displayName: name(4 + index), grants: at(.technician),
                    technician: template)
            }
    }

    public static var everyone: [Account] { headOffice + DemoCatalog.stores.flatMap { store($0.code) } }

    private static let storeNames: [String: [String]] = [
        "SH01": ["黄建国", "吴佳怡", "徐志强", "朱丽", "张师傅", "李国栋", "陈小龙", "赵永刚", "周秀英", "钱峰"],
        "BJ01": ["杨帆", "郭晓梅", "何磊", "高洁", "刘师傅", "王宏伟", "孙海涛", "马建军", "冯桂兰", "褚亮"],
        "SZ01": ["林志明", "郑婷", "谢伟", "罗敏", "梁师傅", "宋文杰", "唐勇", "韩冬", "曾丽萍", "邓凯"],
    ]

    private static let technicians: [TechnicianTemplate] = [
        TechnicianTemplate(
            skills: [skill("hvac", 4, 8), skill("electrical", 3, 5), skill("work-at-height", 3, 5)],
            qualifications: [
                ("制冷与空调设备运行操作证", "T3101002019", LocalDate(year: 2027, month: 6, day: 30)),
                ("高处作业证", "G3101002020", LocalDate(year: 2026, month: 12, day: 20)),
            ], team: "空调组", weekdays: 2...6, hours: (9, 18)),
        TechnicianTemplate(
            skills: [skill("appliance", 4, 6), skill("refrigerant", 3, 4), skill("gas", 2, 2)],
            qualifications: [("燃气燃烧器具安装维修资格", "R4403002021", LocalDate(year: 2028, month: 3, day: 31))],
            team: "家电组", weekdays: 2...6, hours: (9, 18)),
        TechnicianTemplate(
            skills: [skill("cleaning", 5, 10)], qualifications: [], team: "保洁组", weekdays: 1...5, hours: (8, 17)),
        TechnicianTemplate(
            skills: [
                skill("device-repair", 3, 3), skill("car-care", 3, 4), skill("coating", 2, 1),
                skill("installation", 2, 2),
            ],
            qualifications: [("低压电工作业证", "D1101002022", LocalDate(year: 2029, month: 1, day: 15))],
            team: "综合组", weekdays: 2...7, hours: (10, 19)),
        // Cleaning is the busiest trade: a second cleaner covers Saturdays.
        TechnicianTemplate(
            skills: [skill("cleaning", 3, 3)], qualifications: [], team: "保洁组", weekdays: 3...7, hours: (9, 18)),
        // A junior all-rounder for air conditioning and appliances, Sunday to Thursday.
        TechnicianTemplate(
            skills: [skill("hvac", 2, 2), skill("appliance", 3, 3), skill("refrigerant", 2, 2)],
            qualifications: [("制冷与空调设备运行操作证", "T3101002023", LocalDate(year: 2028, month: 9, day: 30))],
            team: "家电组", weekdays: 1...5, hours: (10, 19)),
    ]

    private static func account(_ username: String, _ name: String, _ role: Role) -> Account {
        Account(username: username, displayName: name, grants: [RoleGrant(role: role, scope: .allStores)])
    }

    private static func skill(_ name: String, _ level: Int, _ years: Int) -> TechnicianSkill {
        TechnicianSkill(skill: name, level: level, yearsOfExperience: years)
    }

    /// Writes every demo account (one shared password hash), made at `now`,
    /// and the technicians' profiles, with leave and overtime near `today`.
    static func load(
        into database: any OrderFlowDatabase, now: Date, today: Date, newID: @escaping @Sendable () -> UUID
    ) async throws -> [String: StaffMember] {
        let hash = try await PasswordHasher.hash(password)
        let accounts = everyone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .shanghai
        let leaveDay = LocalDate(today.addingTimeInterval(2 * 86_400), in: calendar)
        // The cleaner who does not work Saturdays covers the coming one.
        let untilSaturday = (7 - calendar.component(.weekday, from: today) + 7) % 7
        let overtimeDay = LocalDate(today.addingTimeInterval(Double(max(untilSaturday, 1)) * 86_400), in: calendar)
        return try await database.write { db in
            var members: [String: StaffMember] = [:]
            for account in accounts {
                let member = StaffMember(
                    id: newID(), username: account.username, displayName: account.displayName,
                    grants: account.grants, createdAt: now, updatedAt: now)
                try await StaffRecords.insert(member, passwordHash: hash, on: db)
                members[account.username] = member
                guard let template = account.technician else { continue }
                let hours = DailyHours(
                    opens: TimeOfDay(hour: template.hours.0), closes: TimeOfDay(hour: template.hours.1))
                let profile = TechnicianProfile(
                    staffID: member.id, skills: template.skills,
                    qualifications: template.qualifications.map {
                        Qualification(name: $0.0, certificateNumber: $0.1, expiresOn: $0.2)
                    },
                    teams: [template.team],
                    weeklyShifts: WeeklyOpeningHours(
                        byWeekday: Dictionary(uniqueKeysWithValues: template.weekdays.map { ($0, hours) })),
                    exceptions: account.username.hasSuffix("tech2")
                        ? [ShiftException(date: leaveDay, kind: .leave, note: "年假")]
                        : account.username.hasSuffix("tech3")
                            ? [
                                ShiftException(
                                    date: overtimeDay, kind: .overtime,
                                    hours: DailyHours(opens: TimeOfDay(hour: 9), closes: TimeOfDay(hour: 15)),
                                    note: "周末加班")
                            ] : [])
                _ = try await TechnicianRecords.save(profile, expectedVersion: 0, at: now, on: db)
            }
            return members
        }
    }
}

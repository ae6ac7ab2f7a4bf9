import Foundation
import Logging
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import Synchronization

/// A small, fixed world for tests: one Shanghai store, three catalog items
/// and a clock stopped on Tuesday 2026-12-01 10:00 Shanghai time.
public enum Fixtures {
    /// Tuesday 2026-12-01 02:00 UTC = 10:00 in Shanghai.
    public static let now = Date(timeIntervalSince1970: 1_796_090_400)

    /// An instant `days` after `now` at a Shanghai wall-clock hour.
    public static func shanghai(daysAfterNow days: Int, hour: Int, minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .shanghai
        let day = calendar.startOfDay(for: now.addingTimeInterval(Double(days) * 86_400))
        return day.addingTimeInterval(Double(hour * 3600 + minute * 60))
    }

    /// Open 09:00–18:00 Monday to Saturday, closed on Sundays; Christmas Day is a holiday.
    public static let store = Store(
        code: "SH01", name: LocalizedText(zhHans: "上海徐汇店", en: "Shanghai Xuhui"),
        address: Address(province: "上海市", city: "上海市", district: "徐汇区", detail: "漕溪北路 88 号"),
        phone: "02164871234",
        openingHours: WeeklyOpeningHours(
            byWeekday: Dictionary(
                uniqueKeysWithValues: (2...7).map {
                    ($0, DailyHours(opens: TimeOfDay(hour: 9), closes: TimeOfDay(hour: 18)))
                })),
        holidays: [LocalDate(year: 2026, month: 12, day: 25)])

    /// A second store, for what one store's staff must not see of another's.
    public static let otherStore = Store(
        code: "BJ01", name: LocalizedText(zhHans: "北京朝阳店", en: "Beijing Chaoyang"),
        address: Address(province: "北京市", city: "北京市", district: "朝阳区", detail: "建国路 93 号"),
        phone: "01065891234", openingHours: store.openingHours, holidays: [])

    public static let acClean = ServiceItem(
        code: "AC-CLEAN", name: LocalizedText(zhHans: "空调深度清洗", en: "Air conditioner deep clean"),
        unit: LocalizedText(zhHans: "台", en: "unit"), unitPrice: Money(fen: 12_800), requiredSkills: ["hvac"],
        estimatedMinutes: 90, location: .onSite)

    public static let phoneScreen = ServiceItem(
        code: "PHONE-SCREEN", name: LocalizedText(zhHans: "手机换屏", en: "Phone screen replacement"),
        unit: LocalizedText(zhHans: "部", en: "phone"), unitPrice: Money(fen: 39_900), requiredSkills: ["device-repair"],
        estimatedMinutes: 60, location: .inStore)

    public static let retired = ServiceItem(
        code: "PIPE-UNBLOCK", name: LocalizedText(zhHans: "管道疏通", en: "Drain unblocking"),
        unit: LocalizedText(zhHans: "次", en: "visit"), unitPrice: Money(fen: 18_000), requiredSkills: ["plumbing"],
        estimatedMinutes: 60, location: .onSite, active: false)

    public static let catalog = [acClean, phoneScreen, retired]

    public static var intakeCheck: IntakeCheck {
        IntakeCheck(
            stores: [store.code: store], catalog: Dictionary(uniqueKeysWithValues: catalog.map { ($0.code, $0) }),
            now: now)
    }

    /// A phone booking that passes every automatic check and no review rule.
    public static func draft(
        phone: String = "13812345678", quantity: Int = 1, daysAhead: Int = 1, channel: Channel.Kind = .phone
    ) -> OrderDraft {
        OrderDraft(
            storeCode: "SH01", channel: channel,
            customer: CustomerDraft(
                name: "张伟", phone: phone,
                address: AddressDraft(province: "上海市", city: "上海市", district: "徐汇区", detail: "天钥桥路 100 号 3 室")),
            lines: [LineDraft(itemCode: "AC-CLEAN", specification: "1.5 匹挂机", quantity: quantity)],
            paymentMethod: .wechatPay,
            appointmentStart: shanghai(daysAfterNow: daysAhead, hour: 10),
            appointmentEnd: shanghai(daysAfterNow: daysAhead, hour: 12))
    }

    /// Stores the fixture store and catalog.
    public static func seed(_ database: any OrderFlowDatabase) async throws {
        try await ReferenceDataService(database: database, environment: .at { now })
            .save(stores: [store, otherStore], items: catalog)
    }

    /// A clock that starts at `now` and moves one millisecond each time it is
    /// read, so that records made one after another have distinct times.
    public static func tickingClock(from start: Date = now) -> @Sendable () -> Date {
        let ticks = Mutex(0)
        return {
            let tick = ticks.withLock { value in
                value += 1
                return value
            }
            return start.addingTimeInterval(Double(tick) / 1000)
        }
    }

    public static func intake(_ database: any OrderFlowDatabase, at instant: Date = now) -> IntakeService {
        IntakeService(database: database, environment: .at { instant }, logger: TestDatabase.logger)
    }

    /// A call-centre agent: takes orders for every store and sees customers in full.
    public static let agent = Caller(
        actor: Actor(kind: .staff, id: "agent-1"), grants: [RoleGrant(role: .customerService, scope: .allStores)])
    public static let reviewer = Caller(
        actor: Actor(kind: .staff, id: "reviewer-1"), grants: [RoleGrant(role: .reviewer, scope: .allStores)])
    public static let administrator = Caller.commandLine(user: "test")

    /// A caller holding one role for some stores (all stores when none are named).
    public static func caller(_ role: Role, stores: [String] = []) -> Caller {
        Caller(
            actor: Actor(kind: .staff, id: "\(role.rawValue)-1"),
            grants: [RoleGrant(role: role, scope: stores.isEmpty ? .allStores : .stores(Set(stores)))])
    }
}

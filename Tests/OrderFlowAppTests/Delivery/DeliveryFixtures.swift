import Foundation
import OrderFlowCore
import OrderFlowStore
import OrderFlowTestSupport

@testable import OrderFlowApp

/// An order in service: assigned to sh.tech1, checked in the day after
/// `Fixtures.now`, with acceptance criteria on its item and a tracking link.
struct DeliveryWorld {
    var world: DispatchFixtures.World
    var order: Order
    var token: String
    var storage: FileAttachmentStorage
    let clock: TestClock

    var database: any OrderFlowDatabase { world.database }
    var technician: Caller { world.technician("sh.tech1") }
    static let checkInTime = Fixtures.shanghai(daysAfterNow: 1, hour: 9, minute: 30)

    static let standard = AcceptanceStandard(
        indicators: [
            AcceptanceIndicator(
                code: "airflow", name: LocalizedText(zhHans: "出风量正常", en: "Airflow normal"),
                passWhen: LocalizedText(zhHans: "风速 ≥ 3 m/s", en: "≥ 3 m/s")),
            AcceptanceIndicator(
                code: "no-leak", name: LocalizedText(zhHans: "无漏水", en: "No leak"),
                passWhen: LocalizedText(zhHans: "运行 15 分钟无滴水", en: "No drip in 15 minutes")),
        ],
        method: LocalizedText(zhHans: "试机 15 分钟", en: "Run 15 minutes"), periodHours: 48)

    static func make(_ database: any OrderFlowDatabase) async throws -> DeliveryWorld {
        let world = try await DispatchFixtures.seed(database)
        var item = DispatchFixtures.acCleanPrepared
        item.acceptance = standard
        item.warranty = WarrantyPolicy(periodDays: 90, scope: ["leak", "noise"], costBearer: .company)
        try await ReferenceDataService(database: database, environment: .at { Fixtures.now })
            .save(stores: [Fixtures.store, Fixtures.otherStore], items: [item, Fixtures.phoneScreen])
        let order = try await world.confirmedOrder()
        let token = "link-\(UUID().uuidString)"
        try await database.write {
            try await TrackingLinkRecords.insert(secret: token, orderID: order.id, at: Fixtures.now, on: $0)
        }
        _ = try await world.dispatch().assign(
            order.number, AssignmentRequest(target: .technician(world.member("sh.tech1").id), reason: "熟客"),
            ifMatch: nil, by: DispatchFixtures.dispatcher)
        _ = try await world.dispatch().updateSettings(
            storeCode: "SH01", StoreDispatchSettings(checklistRequiredBeforeCheckIn: false), ifMatch: nil,
            by: DispatchFixtures.manager)
        _ = try await world.jobs(at: checkInTime).record(
            .checkIn(location: nil), on: order.number, ifMatch: nil, by: world.technician("sh.tech1"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attachments-\(UUID())")
        return DeliveryWorld(
            world: world, order: order, token: token, storage: FileAttachmentStorage(directory: directory),
            clock: TestClock(checkInTime.addingTimeInterval(3600)))
    }

    var service: DeliveryService {
        DeliveryService(
            database: database, storage: storage, environment: clock.environment,
            logger: TestDatabase.logger)
    }

    func advance(_ seconds: TimeInterval) { clock.advance(by: seconds) }
    var now: Date { clock.now }

    /// A self-check that passes every indicator.
    static let passing = [
        ItemSelfCheck(
            itemCode: DispatchFixtures.acCleanPrepared.code,
            check: SelfCheck(results: [.init(code: "airflow", passed: true), .init(code: "no-leak", passed: true)]))
    ]

    static func draft(attachments: [UUID] = []) -> DeliveryReportDraft {
        DeliveryReportDraft(
            workDone: "拆洗过滤网、蒸发器", results: "制冷正常，出风 3.5 m/s",
            materials: [MaterialUsed(name: "清洗剂", quantityMilli: 500, unit: "瓶")], customerFeedback: "满意",
            selfChecks: passing, attachmentIDs: attachments)
    }

    func order() async throws -> Order {
        try await database.read { try await OrderRecords.find(id: order.id, on: $0) }!
    }

    func eventTypes() async throws -> [String] {
        try await database.read { try await EventLog.events(of: order.id, on: $0) }.map(\.type)
    }
}

/// Smallest files of each type: the magic numbers are what is checked.
enum SampleFiles {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 200)
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data(repeating: 1, count: 500)
    static let pdf = Data("%PDF-1.7\n".utf8) + Data(repeating: 2, count: 100)
}

import Foundation
import Logging
import OrderFlowCore
import OrderFlowStore

/// A small deterministic random generator, so that the same seed gives the
/// same demo data on every machine.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// Fills a fresh database with the demo stores, catalog and a few hundred
/// orders spread over the last two weeks, entered through the real intake
/// use case (so every order has its automatic check, review routing and
/// timeline), then reviewed, rejected or cancelled as a busy fortnight would.
public struct DemoLoader: Sendable {
    let database: any OrderFlowDatabase
    let logger: Logger
    /// Where the demo's signatures go: the server's attachment storage.
    let storage: any AttachmentStorage

    public init(database: any OrderFlowDatabase, storage: any AttachmentStorage, logger: Logger) {
        self.database = database
        self.storage = storage
        self.logger = logger
    }

    public struct Summary: Sendable {
        public var orders: Int
        public var byStatus: [OrderStatus: Int]
    }

    private static let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"]
    private static let givenNames = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英"]
    /// What customers typically say about each service, so that lines read like real bookings.
    private static let specifications: [String: [String]] = [
        "AC-CLEAN": ["1.5 匹挂机", "3 匹柜机", "中央空调出风口 4 个"], "AC-REPAIR": ["不制冷", "漏水", "E1 报错"],
        "AC-INSTALL": ["1 匹挂机，外机需吊装", "新机安装"], "WM-REPAIR": ["滚筒 10kg 不脱水", "波轮 8kg 噪音大"],
        "FRIDGE-REPAIR": ["对开门不制冷", "冷藏室结冰"], "HOOD-CLEAN": ["侧吸式", "顶吸式"],
        "HOME-CLEAN": ["三室两厅", "两室一厅"], "DEEP-CLEAN": ["约 90 平方米新房", "约 120 平方米"],
        "SOFA-CLEAN": ["三人位布艺沙发", "L 形沙发"], "CAR-WASH": ["轿车 5 座", "SUV 7 座"],
        "CAR-INTERIOR": ["轿车真皮座椅", "SUV 织物座椅"], "CAR-COATING": ["新车", "三年车龄"],
        "PHONE-SCREEN": ["iPhone 14", "华为 Mate 60", "小米 14"], "PHONE-BATTERY": ["iPhone 12", "OPPO Reno 8"],
        "LAPTOP-CLEAN": ["ThinkPad X1", "MacBook Pro 2019"], "WATER-HEATER": ["燃气热水器不点火", "电热水器漏电保护跳闸"],
        "TV-MOUNT": ["65 寸", "75 寸"],
    ]

    /// The demo as of `now` (by default the application's clock, `AppEnvironment.live`).
    public func load(orderCount: Int = 300, now: Date = AppEnvironment.live.now(), seed: UInt64 = 20_261_129)
        async throws -> Summary
    {
        var random = SeededGenerator(seed: seed)
        try await ReferenceDataService(database: database, environment: .at { now })
            .save(stores: DemoCatalog.stores, items: DemoCatalog.items)
        let staff = try await DemoStaff.load(
            into: database, now: now.addingTimeInterval(-15 * 86_400), today: now,
            newID: { TimeOrderedID.make(at: now) })
        guard let reviewerAccount = staff["review.zhou"] else {
            throw AppError.notFound(.init(zhHans: "审核员", en: "reviewer"))
        }
        let reviewer = Caller.staff(reviewerAccount)
        // Customers who call to cancel reach the call centre.
        let agent = staff["cs.liu"].map(Caller.staff) ?? reviewer
        let items = DemoCatalog.items.filter(\.active)
        let start = Date(timeIntervalSince1970: ((now.timeIntervalSince1970 - 14 * 86_400) * 1000).rounded() / 1000)
        let instants = (0..<orderCount).map { _ in
            // Whole milliseconds, as the live clock gives them.
            start.addingTimeInterval((Double.random(in: 0..<(14 * 86_400), using: &random) * 1000).rounded() / 1000)
        }
        .sorted()
        var byStatus: [OrderStatus: Int] = [:]
        // Repeat customers make the duplicate rule and key customers show up naturally.
        var regulars: [CustomerDraft] = []
        for createdAt in instants {
            let intake = IntakeService(database: database, environment: .at { createdAt }, logger: logger)
            let store = DemoCatalog.stores.randomElement(using: &random) ?? DemoCatalog.stores[0]
            let customer: CustomerDraft
            if !regulars.isEmpty, Int.random(in: 0..<5, using: &random) == 0 {
                customer = regulars.randomElement(using: &random) ?? regulars[0]
            } else {
                customer = makeCustomer(near: store, &random)
                regulars.append(customer)
            }
            let draft = makeDraft(store: store, customer: customer, items: items, createdAt: createdAt, &random)
            guard let draft, let caller = caller(for: draft, staff: staff) else { continue }
            do {
                let created = try await intake.createOrder(draft, by: caller)
                let final = try await review(
                    created.order.order, by: reviewer, cancelledBy: agent, at: createdAt, &random)
                byStatus[final, default: 0] += 1
            } catch let error as AppError {
                logger.debug("demo order skipped", metadata: ["reason": "\(error)"])
            }
        }
        try await planDays(around: now, staff: staff)
        try await DemoDelivery.record(database: database, storage: storage, now: now, staff: staff, logger: logger)
        try await DemoFollowUps.record(database: database, now: now, staff: staff, logger: logger)
        try await DemoAlerts.settle(database: database, now: now, staff: staff, logger: logger)
        // Where the orders stand after dispatch and the technicians' work.
        let final = try await database.read { db in
            var counts: [OrderStatus: Int] = [:]
            for status in OrderStatus.allCases {
                let count = try await OrderRecords.count(status: status, on: db)
                if count > 0 { counts[status] = count }
            }
            return counts
        }
        return Summary(orders: byStatus.values.reduce(0, +), byStatus: final)
    }

    /// Each store's dispatcher has planned every day of the demo's two weeks
    /// and tomorrow, so the board and the technicians' phones have days to show.
    private func planDays(around now: Date, staff: [String: StaffMember]) async throws {
        let dispatch = DispatchService(database: database, environment: .at { now }, logger: logger)
        for store in DemoCatalog.stores {
            guard let dispatcher = staff["\(store.code.prefix(2).lowercased()).dispatch"] else { continue }
            for offset in -14...1 {
                let day = store.localDate(of: now.addingTimeInterval(Double(offset) * 86_400))
                _ = try await dispatch.planDay(storeCode: store.code, day: day, apply: true, by: .staff(dispatcher))
            }
        }
        try await workJobs(before: now, staff: staff)
    }

    /// Jobs that have started by `now` were worked as the procedure says:
    /// contact two hours before, checklist, check-in on time; finished ones
    /// have their service record and check-out.
    private func workJobs(before now: Date, staff: [String: StaffMember]) async throws {
        let byID = Dictionary(uniqueKeysWithValues: staff.values.map { ($0.id, $0) })
        let started = try await database.read { db in
            try await AssignmentRecords.forStaff(
                Array(byID.keys), from: now.addingTimeInterval(-15 * 86_400), before: now, on: db)
        }
        // Tomorrow's first jobs: the technician has already called the customer.
        let soon = try await database.read { db in
            try await AssignmentRecords.forStaff(
                Array(byID.keys), from: now, before: now.addingTimeInterval(18 * 3600), on: db)
        }
        for stored in soon.prefix(6) {
            guard let lead = stored.assignment.lead.flatMap({ byID[$0] }) else { continue }
            _ = try await JobService(database: database, environment: .at { now }, logger: logger).record(
                .contact(
                    ContactConfirmation(
                        method: .phone, result: .confirmed, note: "客户确认预约时间和地址", agreedStart: nil, agreedEnd: nil)),
                on: stored.assignment.orderNumber, ifMatch: nil, by: .staff(lead))
        }
        for stored in started {
            let assignment = stored.assignment
            guard let lead = assignment.lead.flatMap({ byID[$0] }) else { continue }
            let technician = Caller.staff(lead)
            func jobs(at instant: Date) -> JobService {
                JobService(database: database, environment: .at { instant }, logger: logger)
            }
            let before = assignment.start.addingTimeInterval(-2 * 3600)
            let job = try await jobs(at: before).record(
                .contact(
                    ContactConfirmation(
                        method: .phone, result: .confirmed, note: "客户确认预约时间和地址", agreedStart: nil,
                        agreedEnd: nil)), on: assignment.orderNumber, ifMatch: nil, by: technician)
            for item in job.items {
                for entry in item.preparation.checklist {
                    _ = try await jobs(at: before).record(
                        .checklistTick(itemCode: item.code, entry: entry.code, done: true), on: assignment.orderNumber,
                        ifMatch: nil, by: technician)
                }
            }
            _ = try await jobs(at: assignment.start).record(
                .checkIn(location: nil), on: assignment.orderNumber, ifMatch: nil, by: technician)
            guard assignment.end < now else { continue }
            _ = try await jobs(at: assignment.end).record(
                .serviceRecord(
                    ServiceRecord(
                        workDone: "按服务标准完成作业并试机，现场已清理",
                        materials: [MaterialUsed(name: "清洁剂", quantityMilli: 500, unit: "瓶")],
                        customerFeedback: "满意")), on: assignment.orderNumber, ifMatch: nil, by: technician)
            _ = try await jobs(at: assignment.end).record(
                .checkOut(location: nil), on: assignment.orderNumber, ifMatch: nil, by: technician)
        }
    }

    private func review(
        _ order: Order, by reviewer: Caller, cancelledBy agent: Caller, at createdAt: Date,
        _ random: inout SeededGenerator
    ) async throws -> OrderStatus {
        let later = createdAt.addingTimeInterval(Double.random(in: 600...7_200, using: &random))
        let intake = IntakeService(database: database, environment: .at { later }, logger: logger)
        let roll = Int.random(in: 0..<100, using: &random)
        switch order.status {
        case .pendingReview where roll < 60:
            return try await intake.approve(order.number, note: "已电话核实客户信息", ifMatch: nil, by: reviewer).order.status
        case .pendingReview where roll < 80:
            return try await intake.reject(order.number, reason: "客户电话无法接通，无法核实订单", ifMatch: nil, by: reviewer)
                .order.status
        case .confirmed where roll < 6:
            return try await intake.cancel(order.number, reason: "客户临时有事，取消预约", ifMatch: nil, by: agent).order.status
        default:
            return order.status
        }
    }

    private func makeCustomer(near store: Store, _ random: inout SeededGenerator) -> CustomerDraft {
        let name =
            (Self.surnames.randomElement(using: &random) ?? "王")
            + (Self.givenNames.randomElement(using: &random) ?? "伟")
        let prefixes = ["138", "139", "150", "186", "137", "158", "177", "199"]
        let phone =
            (prefixes.randomElement(using: &random) ?? "138")
            + Int.random(in: 0..<100_000_000, using: &random).zeroPadded(8)
        let streets = ["幸福路", "人民路", "中山路", "建设路", "解放路", "和平街"]
        let detail =
            "\(streets.randomElement(using: &random) ?? "幸福路") \(Int.random(in: 1...300, using: &random)) 号 "
            + "\(Int.random(in: 1...30, using: &random)) 栋 \(Int.random(in: 101...2802, using: &random)) 室"
        return CustomerDraft(
            name: name, phone: phone,
            address: AddressDraft(
                province: store.address.province, city: store.address.city, district: store.address.district,
                detail: detail),
            tier: Int.random(in: 0..<12, using: &random) == 0 ? .key : .regular)
    }

    private func makeDraft(
        store: Store, customer: CustomerDraft, items: [ServiceItem], createdAt: Date, _ random: inout SeededGenerator
    ) -> OrderDraft? {
        let channels: [(Channel.Kind, String?)] = [
            (.phone, nil), (.phone, nil), (.walkIn, nil), (.website, nil), (.app, nil), (.app, nil),
            (.platform, "美团"), (.platform, "京东"),
        ]
        let (channel, platform) = channels.randomElement(using: &random) ?? (.phone, nil)
        let lineCount = Int.random(in: 0..<4, using: &random) == 0 ? 2 : 1
        // A second line is of the same trade, as customers book it: one visit, one kind of technician.
        let first = items.randomElement(using: &random) ?? items[0]
        let sameTrade = items.filter { !Set($0.requiredSkills).isDisjoint(with: first.requiredSkills) }
        let lines = (0..<lineCount).map { index -> LineDraft in
            let item = index == 0 ? first : (sameTrade.randomElement(using: &random) ?? first)
            // Areas in m²; a unit (台, 部, 座) one to three; a visit or a service once.
            let quantity =
                switch item.unit.en {
                case "m²": Int.random(in: 60...140, using: &random)
                case "unit", "phone", "seat", "hour": Int.random(in: 1...2, using: &random)
                default: 1
                }
            return LineDraft(
                itemCode: item.code, specification: Self.specifications[item.code]?.randomElement(using: &random),
                quantity: quantity)
        }
        guard let window = appointment(for: store, after: createdAt, &random) else { return nil }
        let methods = Array(PaymentMethod.allowed(for: channel)).sorted { $0.rawValue < $1.rawValue }
        return OrderDraft(
            storeCode: store.code, channel: channel, platformName: platform,
            externalReference: platform.map { _ in "P\(Int.random(in: 100_000_000...999_999_999, using: &random))" },
            customer: customer, lines: lines, paymentMethod: methods.randomElement(using: &random),
            appointmentStart: window.start, appointmentEnd: window.end,
            priority: Int.random(in: 0..<8, using: &random) == 0 ? .urgent : .normal,
            notes: Int.random(in: 0..<3, using: &random) == 0 ? "请提前电话联系，小区需登记" : nil)
    }

    /// A two-hour window inside opening hours, one to six days after creation.
    private func appointment(for store: Store, after createdAt: Date, _ random: inout SeededGenerator)
        -> AppointmentWindow?
    {
        let calendar = store.calendar
        for _ in 0..<10 {
            let day = calendar.startOfDay(
                for: createdAt.addingTimeInterval(Double(Int.random(in: 1...6, using: &random)) * 86_400))
            let weekday = calendar.component(.weekday, from: day)
            guard !store.holidays.contains(store.localDate(of: day)),
                let hours = store.openingHours.hours(onWeekday: weekday)
            else { continue }
            let latestStart = hours.closes.minutes - 120
            guard latestStart >= hours.opens.minutes else { continue }
            let startMinute =
                hours.opens.minutes + Int.random(in: 0...((latestStart - hours.opens.minutes) / 30), using: &random)
                * 30
            let start = day.addingTimeInterval(Double(startMinute) * 60)
            return AppointmentWindow(start: start, end: start.addingTimeInterval(7_200))
        }
        return nil
    }

    /// Who takes each order: the call centre for phone orders, the store's
    /// receptionist for walk-ins, the website's or app's integration for
    /// online orders, the platform itself for platform orders.
    private func caller(for draft: OrderDraft, staff: [String: StaffMember]) -> Caller? {
        switch draft.channel {
        case .phone: staff["cs.liu"].map(Caller.staff)
        case .walkIn:
            staff["\(draft.storeCode?.prefix(2).lowercased() ?? "sh").reception"].map(Caller.staff)
        case .website, .app:
            // The company's website and app back ends, integrations with an agent's reach.
            Caller(
                actor: Actor(kind: .integration, id: draft.channel == .app ? "mobile-app" : "website"),
                grants: [RoleGrant(role: .customerService, scope: .allStores)])
        case .platform: .platform(draft.platformName ?? "platform")
        case nil: nil
        }
    }
}

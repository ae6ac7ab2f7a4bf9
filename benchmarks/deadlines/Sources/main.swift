// The deadline monitor at scale (issue 6, R4.4/R4.5): one scan over a
// database holding N open orders with nothing due, and how long after a
// deadline passes its alert is written, with the monitor running as the
// server runs it (one scan a second). Prints `name value` lines.
//
//   deadline-bench --orders 1000000 [--postgres URL] [--sqlite PATH] [--alerts 40]
import Foundation
import Logging
import OrderFlowApp
import OrderFlowCore
import OrderFlowStore
import SQLKit

struct Options {
    var orders = 1_000_000
    var alerts = 40
    var postgresURL: String?
    var sqlitePath = NSTemporaryDirectory() + "deadline-bench-\(getpid()).sqlite"

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst().makeIterator()
        while let flag = rest.next() {
            let value = rest.next() ?? ""
            switch flag {
            case "--orders": orders = Int(value) ?? orders
            case "--alerts": alerts = Int(value) ?? alerts
            case "--postgres": postgresURL = value
            case "--sqlite": sqlitePath = value
            default: FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
            }
        }
    }
}

let options = Options(CommandLine.arguments)
let logger: Logger = {
    var logger = Logger(label: "deadline-bench")
    logger.logLevel = .warning
    return logger
}()

/// A store open around the clock, so deadlines fall while the bench runs.
let benchStore = Store(
    code: "BN01", name: LocalizedText(zhHans: "基准测试店", en: "Bench store"),
    address: Address(province: "上海市", city: "上海市", district: "徐汇区", detail: "测试路 1 号"), phone: "02100000000",
    openingHours: WeeklyOpeningHours(
        byWeekday: Dictionary(
            uniqueKeysWithValues: (1...7).map { ($0, DailyHours(opens: TimeOfDay(hour: 0), closes: TimeOfDay(hour: 24))) }
        )),
    holidays: [])
let benchItem = ServiceItem(
    code: "BENCH-FIX", name: LocalizedText(zhHans: "基准维修", en: "Bench repair"),
    unit: LocalizedText(zhHans: "次", en: "visit"), unitPrice: Money(fen: 10_000), requiredSkills: ["hvac"],
    estimatedMinutes: 60, location: .inStore)

func milliseconds(_ work: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await work()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
}

func percentile(_ values: [Double], _ share: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * share).rounded()))]
}

func say(_ name: String, _ value: Any) { print("\(name) \(value)") }

/// N orders with a running stage whose next check is hours to days away:
/// the monitor must not touch them, however many there are.
func fill(_ database: any OrderFlowDatabase, orders: Int) async throws {
    let now = Date().epochMilliseconds
    let chunk = 100_000
    for from in stride(from: 0, to: orders, by: chunk) {
        let to = min(orders, from + chunk) - 1
        let series: String
        let id: String
        let number: String
        switch database.engine {
        case .sqlite:
            series = "WITH RECURSIVE n(i) AS (SELECT \(from) UNION ALL SELECT i + 1 FROM n WHERE i < \(to)) "
            id = "printf('00000000-0000-7000-8000-%012d', i)"
            number = "'BN01-FILL-' || i"
        case .postgres:
            series = ""
            id = "'00000000-0000-7000-8000-' || lpad(i::text, 12, '0')"
            number = "'BN01-FILL-' || i"
        }
        let source = database.engine == .postgres ? " FROM generate_series(\(from), \(to)) AS g(i)" : " FROM n"
        // PostgreSQL's generate_series counts in 32-bit integers: widen before multiplying.
        let wide = database.engine == .postgres ? "i::bigint" : "i"
        try await database.write { db in
            try await db.raw(
                """
                INSERT INTO orders (id, number, store_code, channel, customer_name, customer_phone, customer_tier,
                    total_fen, payment_method, appointment_start, appointment_end, priority, notes, status,
                    review_reasons_json, created_at, updated_at, version)
                \(unsafeRaw: series)SELECT \(unsafeRaw: id), \(unsafeRaw: number), 'BN01', 'phone', '张伟', '13800000000',
                    'regular', 10000, 'cash', \(unsafeRaw: String(now + 86_400_000)), \(unsafeRaw: String(now + 93_600_000)),
                    'normal', '', 'assigned', '[]', \(unsafeRaw: String(now)), \(unsafeRaw: String(now)), 1\(unsafeRaw: source)
                """
            ).run()
            // Next checks spread over the coming week, from an hour ahead.
            try await db.raw(
                """
                INSERT INTO stage_watch (order_id, next_check_at, stage, deadline_at, updated_at)
                \(unsafeRaw: series)SELECT \(unsafeRaw: id), \(unsafeRaw: String(now + 3_600_000)) + (\(unsafeRaw: wide) * 7919) % 604800000,
                    'customerContact', NULL, \(unsafeRaw: String(now))\(unsafeRaw: source)
                """
            ).run()
        }
        FileHandle.standardError.write(Data("filled \(to + 1) orders\n".utf8))
    }
    try await database.write { try await $0.raw("ANALYZE").run() }
}

func queryPlan(_ database: any OrderFlowDatabase) async throws -> String {
    let due = "SELECT order_id FROM stage_watch WHERE next_check_at <= 0 ORDER BY next_check_at LIMIT 200"
    return try await database.read { db in
        switch database.engine {
        case .sqlite:
            return try await db.raw("EXPLAIN QUERY PLAN \(unsafeRaw: due)").all()
                .map { (try? $0.decode(column: "detail", as: String.self)) ?? "" }.joined(separator: "; ")
        case .postgres:
            return try await db.raw("EXPLAIN \(unsafeRaw: due)").all()
                .map { (try? $0.decode(column: "QUERY PLAN", as: String.self)) ?? "" }.joined(separator: "; ")
        }
    }
}

func run(_ database: any OrderFlowDatabase) async throws {
    try await Migrator(database: database, logger: logger).migrate()
    try await ReferenceDataService(database: database).save(stores: [benchStore], items: [benchItem])
    // One business minute for dispatch: deadlines pass while we watch.
    let policy = TimeLimitPolicy(defaults: TimeLimitPolicy.standardDefaults.merging([.dispatch: 1]) { $1 })
    try await database.write { try await TimeLimitRecords.save(policy, at: Date(), on: $0) }
    let fillMs = try await milliseconds { try await fill(database, orders: options.orders) }
    let (watched, _) = try await database.read { try await StageWatchRecords.counts(dueBy: Date(), on: $0) }
    say("engine", database.engine.rawValue)
    say("watched_orders", watched)
    say("fill_ms", Int(fillMs))
    say("due_query_plan", "\"\(try await queryPlan(database))\"")

    // 1. One scan with nothing due, as the server runs it every second.
    let monitor = DeadlineMonitor(database: database, logger: logger)
    var scans: [Double] = []
    var ceilings: [Double] = []
    for _ in 0..<60 {
        scans.append(try await milliseconds { _ = try await monitor.scan() })
        ceilings.append(try await milliseconds { try await database.read { try await $0.raw("SELECT 1").run() } })
    }
    say("empty_scan_ms_median", String(format: "%.2f", percentile(scans, 0.5)))
    say("empty_scan_ms_p95", String(format: "%.2f", percentile(scans, 0.95)))
    say("ceiling_select1_ms_median", String(format: "%.2f", percentile(ceilings, 0.5)))

    // 2. Deadline passing → alert written, with the monitor running on its own.
    let runner = JobRunner(database: database, logger: logger, jobs: [monitor.job()])
    let running = Task { try await runner.run() }
    let intake = IntakeService(database: database, logger: logger)
    let clerk = Caller(
        actor: Actor(kind: .staff, id: "bench"), grants: [RoleGrant(role: .receptionist, scope: .stores(["BN01"]))])
    // Tomorrow 10:00–12:00 in the store's zone: "now + 24 h" put the two-hour
    // window across midnight when run between 22:00 and 24:00 Shanghai time.
    var shanghai = Calendar(identifier: .gregorian)
    shanghai.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
    let tomorrow = shanghai.date(byAdding: .day, value: 1, to: shanghai.startOfDay(for: Date())) ?? Date()
    let start = tomorrow.addingTimeInterval(10 * 3600)
    for index in 0..<options.alerts {
        let draft = OrderDraft(
            storeCode: "BN01", channel: .phone, customer: CustomerDraft(name: "李娜", phone: "139\(String(format: "%08d", index))"),
            lines: [LineDraft(itemCode: "BENCH-FIX", specification: "bench", quantity: 1)], paymentMethod: .cash,
            appointmentStart: start, appointmentEnd: start.addingTimeInterval(7200))
        _ = try await intake.createOrder(draft, by: clerk)
        // Spread the deadlines over the monitor's tick.
        try await Task.sleep(for: .milliseconds(250))
    }
    let deadline = Date().addingTimeInterval(150)
    var overdue: [StageAlert] = []
    while Date() < deadline {
        overdue = try await database.read {
            try await StageAlertRecords.list(stores: ["BN01"], since: .distantPast, openOnly: false, limit: 10_000, on: $0)
        }.filter { $0.kind == .overdue }
        if overdue.count >= options.alerts { break }
        try await Task.sleep(for: .seconds(1))
    }
    running.cancel()
    _ = await running.result
    let latencies = overdue.map { $0.raisedAt.timeIntervalSince($0.dueAt) * 1000 }
    say("alerts_expected", options.alerts)
    say("alerts_raised", overdue.count)
    say("alert_latency_ms_median", Int(percentile(latencies, 0.5)))
    say("alert_latency_ms_max", Int(latencies.max() ?? .nan))
}

if let url = options.postgresURL {
    let database = PostgresOrderFlowDatabase(
        configuration: try PostgresOrderFlowDatabase.configuration(fromURL: url), logger: logger)
    try await database.whileRunning { try await run(database) }
    await database.shutdown()
} else {
    let database = try await SQLiteOrderFlowDatabase.open(
        path: options.sqlitePath, durability: .normal, logger: logger)
    try await run(database)
    await database.shutdown()
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: options.sqlitePath + suffix) }
}

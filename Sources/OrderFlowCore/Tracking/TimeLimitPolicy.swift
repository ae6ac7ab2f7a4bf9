/// The company's time limits (R4.4), set by administrators: a limit in
/// business minutes for every stage, overridden per service item, shortened
/// for urgent orders, with the share of a limit at which an early warning is
/// raised and how long an overdue alert may wait for acknowledgement before
/// it is escalated to the store manager (R4.5).
public struct TimeLimitPolicy: Hashable, Codable, Sendable {
    public var defaults: [TrackingStage: Int]
    /// Per catalog item code: its own limits for some stages.
    public var byItem: [String: [TrackingStage: Int]]
    /// Urgent orders get this share of each limit (0.5: half the time).
    public var urgentShare: Double
    public var earlyWarningShare: Double
    public var escalateAfterMinutes: Int

    public init(
        defaults: [TrackingStage: Int] = TimeLimitPolicy.standardDefaults, byItem: [String: [TrackingStage: Int]] = [:],
        urgentShare: Double = 0.5, earlyWarningShare: Double = 0.8, escalateAfterMinutes: Int = 60
    ) {
        self.defaults = defaults
        self.byItem = byItem
        self.urgentShare = urgentShare
        self.earlyWarningShare = earlyWarningShare
        self.escalateAfterMinutes = escalateAfterMinutes
    }

    /// A working day's rhythm for a service store, in business minutes.
    /// Arrival counts from the opening of the agreed window and is never
    /// shorter than the window (see `StageClock(running:of:policy:)`).
    public static let standardDefaults: [TrackingStage: Int] = [
        .review: 60, .dispatch: 120, .customerContact: 120, .arrival: 60, .service: 4 * 60,
        .deliveryReport: 60, .acceptance: 3 * 9 * 60, .rework: 2 * 9 * 60, .settlement: 5 * 9 * 60,
    ]

    /// The limit of `stage` for an order of these items and priority: the
    /// longest any of its items allows (an order takes as long as its
    /// slowest part), shortened for urgent orders; at least one minute.
    public func limitMinutes(for stage: TrackingStage, itemCodes: [String], priority: Priority) -> Int {
        let base = defaults[stage] ?? Self.standardDefaults[stage] ?? 60
        let items = itemCodes.compactMap { byItem[$0]?[stage] }
        let limit = items.max() ?? base
        let shortened = priority == .urgent ? Double(limit) * urgentShare : Double(limit)
        return max(1, Int(shortened.rounded()))
    }

    /// Every value out of range, by field.
    public var problems: [FieldProblem] {
        var problems: [FieldProblem] = []
        let maximum = 60 * 24 * 60  // sixty 24-hour days of business minutes
        func minutes(_ field: String, _ value: Int) {
            guard !(1...maximum).contains(value) else { return }
            problems.append(
                FieldProblem(
                    field: field, code: "timeLimits.minutesOutOfRange",
                    message: LocalizedText(
                        zhHans: "时限须为 1 到 \(maximum) 分钟", en: "A limit must be 1 to \(maximum) minutes")))
        }
        for stage in TrackingStage.allCases {
            if let value = defaults[stage] { minutes("defaults.\(stage.rawValue)", value) }
        }
        for (item, limits) in byItem.sorted(by: { $0.key < $1.key }) {
            for (stage, value) in limits.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                minutes("byItem.\(item).\(stage.rawValue)", value)
            }
        }
        for (field, value) in [("urgentShare", urgentShare), ("earlyWarningShare", earlyWarningShare)]
        where !(value.isFinite && value > 0 && value <= 1) {
            problems.append(
                FieldProblem(
                    field: field, code: "timeLimits.shareOutOfRange",
                    message: LocalizedText(zhHans: "比例须大于 0 且不超过 1", en: "A share must be above 0 and at most 1")))
        }
        minutes("escalateAfterMinutes", escalateAfterMinutes)
        return problems
    }
}

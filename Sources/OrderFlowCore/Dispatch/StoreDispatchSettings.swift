/// One store's dispatch settings, set by its manager (R3.2, R3.5): the
/// weights of the soft objectives, the travel buffer between on-site jobs,
/// and whether a technician must tick the whole preparation checklist
/// before checking in.
public struct StoreDispatchSettings: Hashable, Codable, Sendable {
    public var travelBufferMinutes: Int
    public var weights: DispatchWeights
    public var checklistRequiredBeforeCheckIn: Bool

    public init(
        travelBufferMinutes: Int = 30, weights: DispatchWeights = DispatchWeights(),
        checklistRequiredBeforeCheckIn: Bool = true
    ) {
        self.travelBufferMinutes = travelBufferMinutes
        self.weights = weights
        self.checklistRequiredBeforeCheckIn = checklistRequiredBeforeCheckIn
    }

    public var rules: DispatchSettings { DispatchSettings(travelBufferMinutes: travelBufferMinutes) }

    public static let weightRange = 0.0...1_000.0
    public static let bufferRange = 0...240

    /// Every field out of range, named as the API and the form name it.
    public var problems: [FieldProblem] {
        var problems: [FieldProblem] = []
        if !Self.bufferRange.contains(travelBufferMinutes) {
            problems.append(
                FieldProblem(
                    field: "travelBufferMinutes", code: "dispatchSettings.bufferOutOfRange",
                    message: LocalizedText(
                        zhHans: "路途缓冲须在 0 到 240 分钟之间", en: "The travel buffer must be 0 to 240 minutes")))
        }
        let named: [(String, Double)] = [
            ("weights.workload", weights.workload), ("weights.weeklyWorkload", weights.weeklyWorkload),
            ("weights.experience", weights.experience), ("weights.continuity", weights.continuity),
            ("weights.lateness", weights.lateness), ("weights.unassigned", weights.unassigned),
        ]
        for (field, value) in named where !(value.isFinite && Self.weightRange.contains(value)) {
            problems.append(
                FieldProblem(
                    field: field, code: "dispatchSettings.weightOutOfRange",
                    message: LocalizedText(
                        zhHans: "权重须为 0 到 1000 之间的数字", en: "A weight must be a number from 0 to 1000")))
        }
        return problems
    }
}

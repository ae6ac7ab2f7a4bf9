import Foundation
import OrderFlowCore

/// Words for why dispatch chose as it did (R3.2): what the board, the API
/// and the timeline show beside every automatic choice.
public enum DispatchExplanation {
    public static func runnersUp(_ decision: DispatchSolver.Decision) -> [Assignment.RunnerUp] {
        let chosen = decision.chosen?.score.total ?? 0
        return decision.runnersUp.map { runnerUp in
            switch runnerUp {
            case .costlier(let candidate):
                Assignment.RunnerUp(
                    staffID: candidate.staffID, total: candidate.score.total,
                    reasons: costlier(candidate.score, than: decision.chosen?.score, chosenTotal: chosen))
            case .excluded(let staffID, let unplaceable):
                Assignment.RunnerUp(staffID: staffID, total: nil, reasons: unplaceable.violations.map(\.message))
            }
        }
    }

    /// Why an automatic choice was made: the lowest cost, and what it is made of.
    public static func chosen(_ score: ScoreBreakdown) -> LocalizedText {
        let parts: [(Double, LocalizedText)] = [
            (score.workload, LocalizedText(zhHans: "当日工作量", en: "day's workload")),
            (score.weeklyWorkload, LocalizedText(zhHans: "本周工作量", en: "week's workload")),
            (score.experience, LocalizedText(zhHans: "经验", en: "experience")),
            (-score.continuity, LocalizedText(zhHans: "原服务人员", en: "continuity")),
            (score.lateness, LocalizedText(zhHans: "开始时间", en: "start time")),
        ].filter { abs($0.0) > 0.005 }
        let detail = parts.map { ($0.1, format($0.0)) }
        return LocalizedText(
            zhHans: "自动派单：综合成本最低（\(format(score.total))）"
                + (detail.isEmpty ? "" : "：" + detail.map { "\($0.0.zhHans) \($0.1)" }.joined(separator: "，")),
            en: "Automatic: the lowest cost (\(format(score.total)))"
                + (detail.isEmpty ? "" : ": " + detail.map { "\($0.0.en) \($0.1)" }.joined(separator: ", ")))
    }

    /// "Cost 4.5 against 2.0: workload +2.0, lateness +0.5": the parts in
    /// which the runner-up was worse, largest first.
    static func costlier(_ score: ScoreBreakdown, than best: ScoreBreakdown?, chosenTotal: Double) -> [LocalizedText] {
        var reasons = [
            LocalizedText(
                zhHans: "综合成本 \(format(score.total))，高于所选的 \(format(chosenTotal))",
                en: "Cost \(format(score.total)) against \(format(chosenTotal)) for the chosen")
        ]
        guard let best else { return reasons }
        let parts: [(Double, LocalizedText)] = [
            (score.workload - best.workload, LocalizedText(zhHans: "当日工作量", en: "day's workload")),
            (score.weeklyWorkload - best.weeklyWorkload, LocalizedText(zhHans: "本周工作量", en: "week's workload")),
            (score.experience - best.experience, LocalizedText(zhHans: "经验不足", en: "experience")),
            (best.continuity - score.continuity, LocalizedText(zhHans: "非原服务人员", en: "continuity")),
            (score.lateness - best.lateness, LocalizedText(zhHans: "开始较晚", en: "later start")),
        ]
        for (difference, label) in parts.sorted(by: { $0.0 > $1.0 }) where difference > 0.005 {
            reasons.append(
                LocalizedText(
                    zhHans: "\(label.zhHans) +\(format(difference))", en: "\(label.en) +\(format(difference))"))
        }
        return reasons
    }

    /// Why nobody could take a job: each constraint with how many it stopped.
    public static func unplaceable(_ decision: DispatchSolver.Decision) -> LocalizedText {
        var counts: [DispatchViolation: Int] = [:]
        for case .excluded(_, let unplaceable) in decision.runnersUp {
            for violation in unplaceable.violations { counts[violation, default: 0] += 1 }
        }
        guard !counts.isEmpty else {
            return LocalizedText(zhHans: "该门店当天没有服务人员", en: "The store has no technician that day")
        }
        let sorted = counts.sorted { ($0.value, $1.key.code) > ($1.value, $0.key.code) }
        return LocalizedText(
            zhHans: "无人可接：" + sorted.map { "\($0.key.message.zhHans)（\($0.value) 人）" }.joined(separator: "；"),
            en: "Nobody can take it: " + sorted.map { "\($0.key.message.en) (\($0.value))" }.joined(separator: "; "))
    }

    static func format(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    }
}

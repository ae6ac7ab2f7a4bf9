import Foundation

/// The order in which jobs are dispatched (R3.3): urgent orders and key
/// customers first, then the nearest appointment; each place explained.
public enum DispatchPriority {
    public struct Ranked: Hashable, Sendable {
        public var job: DispatchJob
        public var reasons: [LocalizedText]
    }

    public static func ranked(_ jobs: [DispatchJob]) -> [Ranked] {
        jobs.sorted { left, right in
            if (left.priority == .urgent) != (right.priority == .urgent) { return left.priority == .urgent }
            if left.keyCustomer != right.keyCustomer { return left.keyCustomer }
            if left.window.start != right.window.start { return left.window.start < right.window.start }
            return left.number < right.number
        }.map { job in
            var reasons: [LocalizedText] = []
            if job.priority == .urgent { reasons.append(LocalizedText(zhHans: "加急", en: "Urgent")) }
            if job.keyCustomer { reasons.append(LocalizedText(zhHans: "重点客户", en: "Key customer")) }
            reasons.append(LocalizedText(zhHans: "按预约时间先后", en: "By appointment time"))
            return Ranked(job: job, reasons: reasons)
        }
    }
}

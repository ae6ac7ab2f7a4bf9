import Foundation

/// A time limit of an accepted claim (R6.4) that ran out: the customer was
/// not answered, or the claim was not solved, in time.
public enum ClaimDeadline: String, Hashable, Codable, Sendable, CaseIterable {
    case response
    case resolution

    public var label: LocalizedText {
        switch self {
        case .response: LocalizedText(zhHans: "售后申请超时未答复客户", en: "After-sales request not answered in time")
        case .resolution: LocalizedText(zhHans: "售后申请超时未解决", en: "After-sales request not solved in time")
        }
    }
}

extension WarrantyClaim {
    /// The limits that ran out by `now` and were not escalated yet; none
    /// for a claim that is not open.
    public func missedDeadlines(at now: Date) -> [ClaimDeadline] {
        guard status == .accepted else { return [] }
        var missed: [ClaimDeadline] = []
        if responseEscalatedAt == nil, isResponseOverdue(at: now) { missed.append(.response) }
        if resolutionEscalatedAt == nil, isResolutionOverdue(at: now) { missed.append(.resolution) }
        return missed
    }
}

import Foundation

/// Who pays for work under warranty (R6.1).
public enum WarrantyCostBearer: String, Hashable, Codable, Sendable, CaseIterable {
    case company
    case manufacturer
    case customer
}

/// A catalog item's warranty (保修政策, R6.1): how long, what it covers,
/// what it does not, and who bears the cost.
public struct WarrantyPolicy: Hashable, Codable, Sendable {
    public var periodDays: Int
    /// Problem categories covered, e.g. `leak`, `noise`, `not-cooling`.
    public var scope: Set<String>
    /// Causes that void the warranty, e.g. `misuse`, `third-party-repair`.
    public var exclusions: Set<String>
    public var costBearer: WarrantyCostBearer

    public init(periodDays: Int, scope: Set<String>, exclusions: Set<String> = [], costBearer: WarrantyCostBearer) {
        self.periodDays = periodDays
        self.scope = scope
        self.exclusions = exclusions
        self.costBearer = costBearer
    }

    /// Whether a claim is covered, and why (R6.3): within the period counted
    /// from delivery, a problem in scope, no exclusion applies.
    public func eligibility(
        deliveredAt: Date, claimedAt: Date, problem: String, causes: Set<String> = []
    ) -> WarrantyEligibility {
        let ends = deliveredAt.addingTimeInterval(Double(periodDays) * 86_400)
        guard claimedAt <= ends else { return .ineligible(.periodOver(endedAt: ends)) }
        guard scope.contains(problem) else { return .ineligible(.outOfScope(problem: problem)) }
        if let excluded = causes.intersection(exclusions).sorted().first {
            return .ineligible(.excluded(cause: excluded))
        }
        return .eligible(until: ends, costBearer: costBearer)
    }
}

/// The answer to a warranty claim, with its reason.
public enum WarrantyEligibility: Hashable, Sendable {
    case eligible(until: Date, costBearer: WarrantyCostBearer)
    case ineligible(WarrantyRefusal)

    public var isEligible: Bool {
        if case .eligible = self { return true }
        return false
    }
}

public enum WarrantyRefusal: Hashable, Sendable {
    case periodOver(endedAt: Date)
    case outOfScope(problem: String)
    case excluded(cause: String)
}

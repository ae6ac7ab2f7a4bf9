import Foundation
import OrderFlowCore
import Testing

@Suite("After-sales: warranty eligibility (R6.1, R6.3)")
struct WarrantyPolicyTests {
    static let delivered = Date(timeIntervalSince1970: 1_796_090_400)
    static let policy = WarrantyPolicy(
        periodDays: 90, scope: ["leak", "noise"], exclusions: ["misuse", "third-party-repair"],
        costBearer: .company)

    func day(_ days: Double) -> Date { Self.delivered.addingTimeInterval(days * 86_400) }

    @Test("R6.3 within the period and the scope, no exclusion: eligible until the period ends, at the company's cost")
    func eligible() {
        #expect(
            Self.policy.eligibility(deliveredAt: Self.delivered, claimedAt: day(30), problem: "leak")
                == .eligible(until: day(90), costBearer: .company))
        #expect(Self.policy.eligibility(deliveredAt: Self.delivered, claimedAt: day(90), problem: "noise").isEligible)
    }

    @Test("R6.3 each refusal says why: period over, out of scope, or an exclusion applies")
    func refusals() {
        #expect(
            Self.policy.eligibility(deliveredAt: Self.delivered, claimedAt: day(91), problem: "leak")
                == .ineligible(.periodOver(endedAt: day(90))))
        #expect(
            Self.policy.eligibility(deliveredAt: Self.delivered, claimedAt: day(10), problem: "broken-remote")
                == .ineligible(.outOfScope(problem: "broken-remote")))
        #expect(
            Self.policy.eligibility(
                deliveredAt: Self.delivered, claimedAt: day(10), problem: "leak",
                causes: ["third-party-repair", "misuse"])
                == .ineligible(.excluded(cause: "misuse")))
    }
}

import Foundation
import OrderFlowCore
import Testing

@Suite("After-sales: claims, their assessment and handling (R6.2–R6.4)")
struct WarrantyClaimTests {
    /// 2026-11-30T20:00Z, already 2026-12-01 04:00 in Shanghai.
    static let delivered = Date(timeIntervalSince1970: 1_796_068_800)
    /// 30 days later: 2026-12-30T20:00Z, which is 2026-12-31 in Shanghai.
    static let periodEnd = delivered.addingTimeInterval(30 * 86_400)
    static let policy = WarrantyPolicy(
        periodDays: 30, scope: ["leak", "noise", "notCooling"], exclusions: ["misuse", "thirdPartyRepair"],
        costBearer: .company)

    static func assess(
        policy: WarrantyPolicy? = policy, deliveredAt: Date? = delivered, claimedAt: Date = delivered,
        problem: String = "leak", causes: Set<String> = []
    ) -> ClaimAssessment {
        WarrantyClaim.assess(
            policy: policy, deliveredAt: deliveredAt, claimedAt: claimedAt, problem: problem, causes: causes)
    }

    @Test("R6.3 a claim exactly at the end of the period is eligible; one second later it is not")
    func periodBoundary() {
        let atEnd = Self.assess(claimedAt: Self.periodEnd)
        #expect(atEnd.eligible && atEnd.refusalReason == nil)
        #expect(atEnd.warrantyEndsAt == Self.periodEnd && atEnd.costBearer == .company)
        #expect(atEnd.initialStatus == .accepted)

        let late = Self.assess(claimedAt: Self.periodEnd.addingTimeInterval(1))
        #expect(!late.eligible && late.refusalReason == "periodOver" && late.refusal == .periodOver)
        #expect(late.warrantyEndsAt == Self.periodEnd && late.costBearer == nil)
        #expect(late.initialStatus == .declined)
    }

    @Test("R6.3 explanations give the dates as days in Shanghai, in both languages")
    func explanationDates() {
        let eligible = Self.assess(claimedAt: Self.delivered.addingTimeInterval(86_400))
        #expect(eligible.explanation.zhHans.contains("2026-12-31"))
        #expect(eligible.explanation.en.contains("valid until 2026-12-31"))
        #expect(eligible.explanation.zhHans.contains("费用由我们承担"))

        let late = Self.assess(claimedAt: Self.periodEnd.addingTimeInterval(3_600))
        #expect(late.explanation.zhHans.contains("质保期已于 2026-12-31 结束"))
        #expect(late.explanation.en.contains("ended on 2026-12-31"))
        // The same instant is still 2026-12-30 in UTC.
        #expect(
            WarrantyRefusal.periodOver(endedAt: Self.periodEnd).explanation(in: .gmt).en.contains("2026-12-30"))
    }

    @Test("R6.3 out of scope and excluded causes are refused with the problem's or cause's label")
    func scopeAndExclusions() {
        let outOfScope = Self.assess(problem: "odor")
        #expect(!outOfScope.eligible && outOfScope.refusal == .outOfScope)
        #expect(outOfScope.warrantyEndsAt == Self.periodEnd)
        #expect(outOfScope.explanation.zhHans.contains("“异味”"))
        #expect(outOfScope.explanation.en.contains("“Odor”"))

        let excluded = Self.assess(problem: "leak", causes: ["thirdPartyRepair", "wear"])
        #expect(!excluded.eligible && excluded.refusal == .excluded)
        #expect(excluded.explanation.zhHans.contains("经第三方拆修"))
        #expect(excluded.explanation.en.contains("Repaired by a third party"))
    }

    @Test("R6.3 no warranty for the item, or an order never delivered, is declined with its own reason")
    func noPolicyAndNotDelivered() {
        let noPolicy = Self.assess(policy: nil)
        #expect(!noPolicy.eligible && noPolicy.refusal == .noPolicy && noPolicy.warrantyEndsAt == nil)
        #expect(noPolicy.explanation.en.contains("without a warranty"))

        let notDelivered = Self.assess(deliveredAt: nil)
        #expect(!notDelivered.eligible && notDelivered.refusal == .notDelivered)
        #expect(notDelivered.warrantyEndsAt == nil && notDelivered.costBearer == nil)
        #expect(notDelivered.explanation.zhHans.contains("尚未交付"))
    }

    @Test("R6.3 the eligibility enum explains itself, and every cost bearer is named to the customer")
    func eligibilityExplanation() {
        let until = Self.periodEnd
        #expect(
            WarrantyEligibility.eligible(until: until, costBearer: .manufacturer).explanation.en.contains(
                "manufacturer"))
        #expect(WarrantyEligibility.eligible(until: until, costBearer: .customer).explanation.zhHans.contains("由您承担"))
        #expect(
            WarrantyEligibility.ineligible(.excluded(cause: "misuse")).explanation
                == WarrantyRefusal.excluded(cause: "misuse").explanation)
        #expect(WarrantyRefusal.outOfScope(problem: "x").code == "outOfScope")
    }

    @Test("R6.1 problem and cause labels; unknown codes read as themselves, kebab-case codes are understood")
    func labels() {
        #expect(WarrantyProblem.label(for: "notCooling").zhHans == "不制冷")
        #expect(WarrantyProblem.label(for: "not-cooling").en == "Not cooling")
        #expect(WarrantyProblem.label(for: "squeakyDoor") == LocalizedText(zhHans: "squeakyDoor", en: "squeakyDoor"))
        #expect(WarrantyExclusion.label(for: "third-party-repair").en == "Repaired by a third party")
        #expect(WarrantyExclusion.label(for: "flood") == LocalizedText(zhHans: "flood", en: "flood"))
        #expect(ClaimChannel.allCases.allSatisfy { !$0.label.zhHans.isEmpty && !$0.label.en.isEmpty })
        #expect(ClaimStatus.declined.label.zhHans == "不符合政策")
    }

    @Test("R6.2 a draft needs an item, a problem and a description, within their limits")
    func draftProblems() {
        let good = ClaimDraft(
            channel: .phone, itemCode: "AC-CLEAN", contactName: "王女士", contactPhone: "138 1234 5678",
            problem: "leak", description: "室内机滴水")
        #expect(good.problems.isEmpty)

        let empty = ClaimDraft(channel: .email, itemCode: "", problem: " ", description: "\n")
        #expect(empty.problems.map(\.field) == ["itemCode", "problem", "description"])
        #expect(empty.problems.allSatisfy { $0.code == "claim.required" })
        #expect(empty.problems[2].message == LocalizedText(zhHans: "请填写问题描述", en: "Description is required"))

        let long = ClaimDraft(
            channel: .onlineChat, itemCode: "AC-CLEAN", contactName: String(repeating: "名", count: 61),
            contactPhone: "12345", problem: String(repeating: "p", count: 41),
            description: String(repeating: "字", count: 2001))
        #expect(long.problems.map(\.field) == ["problem", "description", "contactName", "contactPhone"])
        #expect(long.problems.map(\.code) == ["claim.tooLong", "claim.tooLong", "claim.tooLong", "claim.phoneFormat"])

        let limits = ClaimDraft(
            channel: .customerLink, itemCode: "AC-CLEAN", contactName: String(repeating: "名", count: 60),
            problem: String(repeating: "p", count: 40), description: String(repeating: "字", count: 2000))
        #expect(limits.problems.isEmpty)
    }

    @Test("R6.4 closing needs a solution and the customer's satisfaction, 1 to 5")
    func closingRules() {
        #expect(WarrantyClaim.closingProblems(satisfaction: 4, solution: "更换排水管").isEmpty)
        #expect(WarrantyClaim.closingProblems(satisfaction: 1, solution: "退款").isEmpty)

        let missing = WarrantyClaim.closingProblems(satisfaction: nil, solution: "")
        #expect(missing.map(\.field) == ["satisfaction", "solution"])
        #expect(missing.map(\.code) == ["claim.required", "claim.required"])

        for wrong in [0, 6] {
            let problems = WarrantyClaim.closingProblems(satisfaction: wrong, solution: "ok")
            #expect(problems.map(\.code) == ["claim.satisfactionRange"])
        }
        let longNote = WarrantyClaim.closingProblems(
            satisfaction: 5, solution: "ok", closingNote: String(repeating: "x", count: 1001))
        #expect(longNote.map(\.field) == ["closingNote"])
    }

    @Test("R6.4 handling fields and progress messages are checked")
    func handlingAndProgress() {
        #expect(WarrantyClaim.handlingProblems(causeAnalysis: "", solution: "", repairOrderNumber: nil).isEmpty)
        let long = WarrantyClaim.handlingProblems(
            causeAnalysis: String(repeating: "x", count: 2001), solution: "ok",
            repairOrderNumber: String(repeating: "9", count: 41))
        #expect(long.map(\.field) == ["causeAnalysis", "repairOrderNumber"])

        #expect(ClaimProgress.problems(message: "已安排师傅明天上门").isEmpty)
        #expect(ClaimProgress.problems(message: String(repeating: "x", count: 1000)).isEmpty)
        #expect(ClaimProgress.problems(message: "  ").map(\.code) == ["claim.required"])
        #expect(ClaimProgress.problems(message: String(repeating: "x", count: 1001)).map(\.code) == ["claim.tooLong"])
    }

    @Test("R6.4 time limits: answer within 4 hours, resolve within 72, and overdue checks")
    func timeLimits() throws {
        let received = Self.delivered.addingTimeInterval(5 * 86_400)
        let limits = ClaimTimeLimits.standard.deadlines(from: received)
        #expect(limits.respondBy == received.addingTimeInterval(4 * 3_600))
        #expect(limits.resolveBy == received.addingTimeInterval(72 * 3_600))
        #expect(
            ClaimTimeLimits(respondWithinHours: 1, resolveWithinHours: 24).deadlines(from: received).respondBy
                == received.addingTimeInterval(3_600))

        var claim = WarrantyClaim(
            id: UUID(), orderID: UUID(), orderNumber: "SH01-20261201-0001", storeCode: "SH01", itemCode: "AC-CLEAN",
            technicianIDs: [UUID()], channel: .phone, contactName: "王女士", contactPhone: "13812345678",
            problem: "leak", description: "室内机滴水", receivedBy: "staff:li", receivedAt: received,
            assessment: Self.assess(claimedAt: received), status: .accepted, respondBy: limits.respondBy,
            resolveBy: limits.resolveBy)
        #expect(claim.version == 1 && claim.progress.isEmpty && claim.causeAnalysis.isEmpty)
        #expect(!claim.isResponseOverdue(at: limits.respondBy))
        #expect(claim.isResponseOverdue(at: limits.respondBy.addingTimeInterval(1)))

        // An internal note is not an answer; a message sent to the customer is.
        claim.progress.append(
            ClaimProgress(at: received.addingTimeInterval(600), by: "staff:li", message: "内部备注", sentToCustomer: false))
        #expect(claim.firstResponseAt == nil)
        claim.progress.append(
            ClaimProgress(at: received.addingTimeInterval(3_600), by: "staff:li", message: "明天上门", sentToCustomer: true)
        )
        #expect(claim.firstResponseAt == received.addingTimeInterval(3_600))
        #expect(!claim.isResponseOverdue(at: limits.resolveBy))

        #expect(claim.isResolutionOverdue(at: limits.resolveBy.addingTimeInterval(1)))
        claim.closedAt = limits.resolveBy
        #expect(!claim.isResolutionOverdue(at: limits.resolveBy.addingTimeInterval(86_400)))

        let data = try JSONEncoder().encode(claim)
        #expect(try JSONDecoder().decode(WarrantyClaim.self, from: data) == claim)
    }
}

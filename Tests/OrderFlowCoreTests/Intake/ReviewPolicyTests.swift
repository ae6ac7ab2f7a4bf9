import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

@Suite("R2.4 review rules")
struct ReviewPolicyTests {
    func checked(_ draft: OrderDraft = Fixtures.draft()) throws -> CheckedOrder {
        try Fixtures.intakeCheck.check(draft).get()
    }

    @Test("an ordinary order needs no review")
    func ordinaryOrder() throws {
        #expect(ReviewPolicy.standard.reasons(for: try checked(), priorOrders: []).isEmpty)
    }

    @Test("R2.4 amount at or above the threshold goes to review; just below does not")
    func threshold() throws {
        let policy = ReviewPolicy(amountThreshold: Money(fen: 25_600))
        #expect(
            policy.reasons(for: try checked(Fixtures.draft(quantity: 2)), priorOrders: []).map(\.code) == [
                "amount.atOrAboveThreshold"
            ])
        #expect(policy.reasons(for: try checked(Fixtures.draft(quantity: 1)), priorOrders: []).isEmpty)
        let off = ReviewPolicy(amountThreshold: nil)
        #expect(off.reasons(for: try checked(Fixtures.draft(quantity: 999)), priorOrders: []).isEmpty)
    }

    @Test("R2.4 key customers go to review unless switched off")
    func keyCustomer() throws {
        var draft = Fixtures.draft()
        draft.customer?.tier = .key
        #expect(ReviewPolicy.standard.reasons(for: try checked(draft), priorOrders: []).map(\.code) == ["customer.key"])
        #expect(ReviewPolicy(reviewKeyCustomers: false).reasons(for: try checked(draft), priorOrders: []).isEmpty)
    }

    @Test("R2.4 a hand-priced line goes to review with its reason")
    func priceOverride() throws {
        var draft = Fixtures.draft()
        draft.lines?[0].unitPrice = 10_000
        draft.lines?[0].priceOverrideReason = "活动价"
        let reasons = ReviewPolicy.standard.reasons(for: try checked(draft), priorOrders: [])
        #expect(reasons.map(\.code) == ["price.override"])
        #expect(reasons.first?.message.zhHans.contains("活动价") == true)
    }

    @Test("R2.4 same phone, same item, appointment within N days is a possible duplicate")
    func duplicates() throws {
        let order = try checked()
        let near = PriorOrder(
            number: "SH01-20261130-0003", itemCodes: ["AC-CLEAN"],
            appointment: AppointmentWindow(
                start: Fixtures.shanghai(daysAfterNow: 6, hour: 10), end: Fixtures.shanghai(daysAfterNow: 6, hour: 12)),
            status: .confirmed)
        let reasons = ReviewPolicy.standard.reasons(for: order, priorOrders: [near])
        #expect(reasons.map(\.code) == ["order.possibleDuplicate"])
        #expect(reasons.first?.relatedOrderNumber == "SH01-20261130-0003")

        var otherItem = near
        otherItem.itemCodes = ["PHONE-SCREEN"]
        var farAway = near
        farAway.appointment = AppointmentWindow(
            start: Fixtures.shanghai(daysAfterNow: 20, hour: 10), end: Fixtures.shanghai(daysAfterNow: 20, hour: 12))
        var cancelled = near
        cancelled.status = .cancelled
        #expect(ReviewPolicy.standard.reasons(for: order, priorOrders: [otherItem, farAway, cancelled]).isEmpty)
        #expect(ReviewPolicy(duplicateWindowDays: nil).reasons(for: order, priorOrders: [near]).isEmpty)
    }

    @Test("R2.4 a blocked phone goes to review, matched after normalisation")
    func blockedPhone() throws {
        let policy = try ReviewPolicy(blockedPhones: ["+86 138 1234 5678"]).validated().get()
        #expect(policy.blockedPhones == ["13812345678"])
        #expect(policy.reasons(for: try checked(), priorOrders: []).map(\.code) == ["phone.blocked"])
    }

    @Test("several rules can match at once, each with its reason")
    func severalReasons() throws {
        var draft = Fixtures.draft(quantity: 20)
        draft.customer?.tier = .key
        let policy = ReviewPolicy(blockedPhones: ["13812345678"])
        #expect(
            policy.reasons(for: try checked(draft), priorOrders: []).map(\.code) == [
                "amount.atOrAboveThreshold", "customer.key", "phone.blocked",
            ])
    }

    @Test("a policy with impossible values is refused field by field")
    func invalidPolicy() {
        let policy = ReviewPolicy(amountThreshold: Money(fen: 0), duplicateWindowDays: 400, blockedPhones: ["nope"])
        guard case .failure(let failure) = policy.validated() else {
            Issue.record("an invalid policy was accepted")
            return
        }
        #expect(failure.problems.map(\.field) == ["amountThreshold", "duplicateWindowDays", "blockedPhones[0]"])
    }
}

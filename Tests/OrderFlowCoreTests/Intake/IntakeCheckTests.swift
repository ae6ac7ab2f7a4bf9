import Foundation
import OrderFlowCore
import OrderFlowTestSupport
import Testing

/// R2.3: each automatic check is a named rule with a stable code, and all
/// problems come back at once, field by field.
@Suite("R2.3 automatic check")
struct IntakeCheckTests {
    func problems(_ draft: OrderDraft) -> [FieldProblem] {
        if case .failure(let failure) = Fixtures.intakeCheck.check(draft) { return failure.problems }
        return []
    }

    func codes(_ draft: OrderDraft) -> Set<String> { Set(problems(draft).map { "\($0.field):\($0.code)" }) }

    @Test("a complete phone booking passes, priced from the catalog")
    func validDraftPasses() throws {
        let checked = try Fixtures.intakeCheck.check(Fixtures.draft(quantity: 2)).get()
        #expect(checked.total == Money(fen: 25_600))
        #expect(checked.lines.first?.unitPrice == Money(fen: 12_800))
        #expect(checked.customer.phone == "13812345678")
        #expect(checked.priority == .normal)
        #expect(checked.channel == .phone)
    }

    @Test("R2.3 an empty draft reports every required field at once")
    func everythingMissing() {
        let found = codes(OrderDraft())
        #expect(
            found.isSuperset(of: [
                "storeCode:required", "channel:required", "lines:lines.empty", "customer.name:required",
                "customer.phone:required", "paymentMethod:required", "appointmentStart:required",
                "appointmentEnd:required",
            ]))
        // No service chosen yet: the address of an on-site catalog is asked for in the same round.
        #expect(found.contains { $0.hasPrefix("customer.address") })
    }

    @Test("every problem has a message in both languages")
    func bilingualMessages() {
        for problem in problems(OrderDraft(lines: [LineDraft(itemCode: "NOPE", quantity: 0)])) {
            #expect(!problem.message.zhHans.isEmpty)
            #expect(!problem.message.en.isEmpty)
        }
    }

    @Test("R2.3 phone format is checked")
    func phoneFormat() {
        var draft = Fixtures.draft()
        draft.customer?.phone = "12345"
        #expect(codes(draft) == ["customer.phone:phone.format"])
    }

    @Test("R2.3 on-site items need a full address, field by field")
    func onSiteNeedsAddress() {
        var draft = Fixtures.draft()
        draft.customer?.address = AddressDraft(province: "上海市", city: "上海市")
        #expect(
            codes(draft) == [
                "customer.address.district:address.incomplete", "customer.address.detail:address.incomplete",
            ])
    }

    @Test("a missing address is reported even when the on-site line has other problems")
    func addressCheckedBesideLineProblems() {
        var draft = Fixtures.draft(quantity: 0)
        draft.customer?.address = nil
        #expect(
            codes(draft).isSuperset(of: [
                "lines[0].quantity:quantity.range", "customer.address.detail:address.incomplete",
            ]))
    }

    @Test("in-store items need no address")
    func inStoreNeedsNoAddress() throws {
        var draft = Fixtures.draft()
        draft.customer?.address = nil
        draft.lines = [LineDraft(itemCode: "PHONE-SCREEN", quantity: 1)]
        let checked = try Fixtures.intakeCheck.check(draft).get()
        #expect(checked.customer.address == nil)
        #expect(checked.total == Money(fen: 39_900))
    }

    @Test("R2.3 items must exist and be active")
    func itemsExistAndActive() {
        var draft = Fixtures.draft()
        draft.lines = [LineDraft(itemCode: "NOPE", quantity: 1), LineDraft(itemCode: "PIPE-UNBLOCK", quantity: 1)]
        #expect(codes(draft) == ["lines[0].itemCode:item.unknown", "lines[1].itemCode:item.inactive"])
    }

    @Test("R2.3 quantity is a positive whole number within the limit", arguments: [0, -1, 1_000])
    func quantityRange(quantity: Int) {
        #expect(codes(Fixtures.draft(quantity: quantity)) == ["lines[0].quantity:quantity.range"])
    }

    @Test("quantity at the limit is accepted")
    func quantityAtLimit() throws {
        let checked = try Fixtures.intakeCheck.check(Fixtures.draft(quantity: IntakeCheck.maxQuantity)).get()
        #expect(checked.total == Money(fen: 12_800 * 999))
    }

    @Test("R2.3 a client total one fen off is an error that states the expected total")
    func totalMismatch() throws {
        var draft = Fixtures.draft(quantity: 2)
        draft.total = 25_599
        let found = problems(draft)
        #expect(found.map(\.code) == ["total.mismatch"])
        #expect(found.first?.message.en.contains("¥256.00") == true)
        #expect(found.first?.message.zhHans.contains("¥256.00") == true)
        draft.total = 25_600
        #expect(problems(draft).isEmpty)
    }

    @Test("R2.4 a hand price needs a reason; with one it is kept on the line")
    func priceOverride() throws {
        var draft = Fixtures.draft()
        draft.lines?[0].unitPrice = 9_900
        #expect(codes(draft) == ["lines[0].unitPrice:price.mismatch"])
        draft.lines?[0].priceOverrideReason = "老客户优惠"
        let checked = try Fixtures.intakeCheck.check(draft).get()
        #expect(checked.total == Money(fen: 9_900))
        #expect(checked.priceOverrides.map(\.reason) == ["老客户优惠"])
        draft.lines?[0].unitPrice = -1
        #expect(codes(draft) == ["lines[0].unitPrice:price.invalid"])
    }

    @Test("R2.3 appointment must start before it ends and lie in the future")
    func appointmentOrderAndFuture() {
        var draft = Fixtures.draft()
        draft.appointmentEnd = draft.appointmentStart
        #expect(codes(draft).contains("appointmentEnd:appointment.endBeforeStart"))
        draft = Fixtures.draft()
        draft.appointmentStart = Fixtures.now.addingTimeInterval(-3600)
        draft.appointmentEnd = Fixtures.now.addingTimeInterval(3600)
        #expect(codes(draft).contains("appointmentStart:appointment.past"))
        draft = Fixtures.draft(daysAhead: 200)
        #expect(codes(draft) == ["appointmentStart:appointment.tooFar"])
    }

    @Test("R2.3 appointment inside opening hours in the store's time zone")
    func openingHours() {
        var draft = Fixtures.draft()
        draft.appointmentStart = Fixtures.shanghai(daysAfterNow: 1, hour: 8)
        draft.appointmentEnd = Fixtures.shanghai(daysAfterNow: 1, hour: 10)
        #expect(codes(draft) == ["appointmentStart:appointment.outsideHours"])
        draft.appointmentStart = Fixtures.shanghai(daysAfterNow: 1, hour: 17)
        draft.appointmentEnd = Fixtures.shanghai(daysAfterNow: 1, hour: 19)
        #expect(codes(draft) == ["appointmentEnd:appointment.outsideHours"])
        // 09:00–18:00 exactly fits.
        draft.appointmentStart = Fixtures.shanghai(daysAfterNow: 1, hour: 9)
        draft.appointmentEnd = Fixtures.shanghai(daysAfterNow: 1, hour: 18)
        #expect(problems(draft).isEmpty)
    }

    @Test("R2.3 an appointment in the past is also checked against opening hours")
    func pastAndOutsideHours() {
        var draft = Fixtures.draft()
        // Yesterday 07:00–08:00: before opening time, and gone.
        draft.appointmentStart = Fixtures.shanghai(daysAfterNow: -1, hour: 7)
        draft.appointmentEnd = Fixtures.shanghai(daysAfterNow: -1, hour: 8)
        #expect(
            codes(draft) == ["appointmentStart:appointment.past", "appointmentStart:appointment.outsideHours"])
    }

    @Test("R2.3 a window may cross midnight at a store open all day, not at one that closes")
    func acrossMidnight() {
        var allDay = Fixtures.store
        allDay.openingHours = .everyDay(.allDay)
        let check = IntakeCheck(stores: ["SH01": allDay], catalog: Fixtures.intakeCheck.catalog, now: Fixtures.now)
        var draft = Fixtures.draft()
        draft.appointmentStart = Fixtures.shanghai(daysAfterNow: 1, hour: 23, minute: 30)
        draft.appointmentEnd = Fixtures.shanghai(daysAfterNow: 2, hour: 0, minute: 30)
        guard case .success(let order) = check.check(draft) else {
            Issue.record("23:30–00:30 refused at a store open 00:00–24:00")
            return
        }
        #expect(order.appointment.end == draft.appointmentEnd)
        // A holiday the next day closes the night: the window runs into it.
        allDay.holidays = [Fixtures.store.localDate(of: Fixtures.shanghai(daysAfterNow: 2, hour: 12))]
        let closedNext = IntakeCheck(stores: ["SH01": allDay], catalog: check.catalog, now: Fixtures.now)
        if case .failure(let failure) = closedNext.check(draft) {
            #expect(failure.problems.map(\.code) == ["appointment.outsideHours"])
            #expect(failure.problems.first?.field == "appointmentEnd")
        } else {
            Issue.record("a window running into a holiday was accepted")
        }
        // 09:00–18:00 stores still refuse a window past closing time.
        draft.appointmentStart = Fixtures.shanghai(daysAfterNow: 1, hour: 17)
        draft.appointmentEnd = Fixtures.shanghai(daysAfterNow: 2, hour: 10)
        #expect(codes(draft) == ["appointmentEnd:appointment.outsideHours"])
    }

    @Test("R2.3 no appointments on closed weekdays or holidays")
    func closedDaysAndHolidays() {
        // 2026-12-06 is a Sunday: closed.
        #expect(codes(Fixtures.draft(daysAhead: 5)) == ["appointmentStart:appointment.storeClosed"])
        // 2026-12-25 is a holiday.
        #expect(codes(Fixtures.draft(daysAhead: 24)) == ["appointmentStart:appointment.holiday"])
    }

    @Test("R2.3 payment method must suit the channel")
    func paymentForChannel() {
        var draft = Fixtures.draft(channel: .website)
        draft.paymentMethod = .cheque
        #expect(codes(draft) == ["paymentMethod:payment.notAllowedForChannel"])
        draft = Fixtures.draft(channel: .platform)
        draft.platformName = "美团"
        #expect(codes(draft) == ["paymentMethod:payment.notAllowedForChannel"])
        draft.paymentMethod = .platform
        #expect(problems(draft).isEmpty)
    }

    @Test("a platform order must name its platform")
    func platformName() {
        var draft = Fixtures.draft(channel: .platform)
        draft.paymentMethod = .platform
        #expect(codes(draft) == ["platformName:channel.platformNameRequired"])
    }

    @Test("oversized text is a field error, not a truncated value")
    func oversizedText() {
        var draft = Fixtures.draft()
        draft.customer?.name = String(repeating: "张", count: 51)
        draft.notes = String(repeating: "x", count: 1_001)
        draft.lines?[0].specification = String(repeating: "y", count: 201)
        #expect(
            codes(draft) == ["customer.name:text.tooLong", "notes:text.tooLong", "lines[0].specification:text.tooLong"])
    }

    @Test("unknown store is reported with its code")
    func unknownStore() {
        var draft = Fixtures.draft()
        draft.storeCode = "XX99"
        #expect(codes(draft) == ["storeCode:store.unknown"])
    }

    @Test("too many lines are refused before any line is priced")
    func tooManyLines() {
        var draft = Fixtures.draft()
        draft.lines = Array(repeating: LineDraft(itemCode: "AC-CLEAN", quantity: 1), count: IntakeCheck.maxLines + 1)
        #expect(codes(draft) == ["lines:lines.tooMany"])
    }
}

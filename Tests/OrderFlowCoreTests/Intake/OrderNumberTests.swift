import OrderFlowCore
import Testing

@Suite("Order numbers and dates")
struct OrderNumberTests {
    @Test("store, local day and a four-digit daily sequence")
    func format() {
        let day = LocalDate(year: 2026, month: 11, day: 29)
        #expect(OrderNumber.make(storeCode: "SH01", day: day, sequence: 7) == "SH01-20261129-0007")
        #expect(OrderNumber.make(storeCode: "SH01", day: day, sequence: 12_345) == "SH01-20261129-12345")
        #expect(OrderNumber.looksLikeOrderNumber("SH01-20261129-0007"))
        #expect(!OrderNumber.looksLikeOrderNumber("0198e2f4-7a1c-7000-8000-000000000000"))
    }

    @Test("local dates parse only real days", arguments: ["2026-02-29", "2026-13-01", "26-01-01", "2026-1-1", ""])
    func impossibleDates(text: String) {
        #expect(LocalDate(iso: text) == nil)
    }

    @Test("a leap day parses")
    func leapDay() {
        #expect(LocalDate(iso: "2028-02-29") == LocalDate(year: 2028, month: 2, day: 29))
    }
}

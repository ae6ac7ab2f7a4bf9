import OrderFlowCore
import PropertyBased
import Testing

@Suite("Money in fen")
struct MoneyTests {
    @Test("formats yuan with thousands separators and two decimals")
    func formatting() {
        #expect(Money(fen: 0).formatted == "¥0.00")
        #expect(Money(fen: 5).formatted == "¥0.05")
        #expect(Money(fen: 12_800).formatted == "¥128.00")
        #expect(Money(fen: 123_456_789).formatted == "¥1,234,567.89")
        #expect(Money(fen: -1_050).formatted == "-¥10.50")
    }

    @Test("sums and products are exact or report overflow, never wrap")
    func overflowIsReported() {
        #expect(Money(fen: .max).adding(Money(fen: 1)) == nil)
        #expect(Money(fen: .max / 2 + 1).multiplied(by: 2) == nil)
        #expect(Money(fen: 999).multiplied(by: 3) == Money(fen: 2_997))
    }

    @Test("adding then subtracting any amounts is exact")
    func additionIsExact() async {
        await propertyCheck(
            input: Gen.int64(in: -1_000_000_000...1_000_000_000), Gen.int64(in: -1_000_000_000...1_000_000_000)
        ) { a, b in
            let sum = Money(fen: a).adding(Money(fen: b))
            #expect(sum?.fen == a + b)
            #expect(sum.map { $0.fen - b } == a)
        }
    }
}

import OrderFlowCore
import Testing

@Suite("Amounts as people type them")
struct MoneyTextTests {
    @Test(
        "yuan with up to two decimals, thousands separators and ¥ are read exactly",
        arguments: [
            ("128", 12_800), ("128.5", 12_850), ("128.05", 12_805), ("¥1,280.00", 128_000), (" 0 ", 0), ("0.01", 1),
        ])
    func reads(text: String, fen: Int64) {
        #expect(Money(yuanText: text) == Money(fen: fen))
    }

    @Test("anything else is refused", arguments: ["", "-1", "1.234", "abc", "1e3", "１２", ".5", "12.", "9999999999999"])
    func refuses(text: String) {
        #expect(Money(yuanText: text) == nil)
    }
}

import OrderFlowCore
import Testing

@Suite("Language from Accept-Language")
struct LanguageTests {
    @Test(
        "picks the highest-ranked supported language, Chinese by default",
        arguments: [
            (nil, Language.zhHans), ("", .zhHans), ("en-US,en;q=0.9", .en), ("zh-CN,zh;q=0.9,en;q=0.8", .zhHans),
            ("fr-FR, en;q=0.5", .en), ("en;q=0.3, zh-Hans;q=0.9", .zhHans), ("de", .zhHans),
        ] as [(String?, Language)])
    func preferred(header: String?, expected: Language) {
        #expect(Language.preferred(fromAcceptLanguage: header) == expected)
    }
}

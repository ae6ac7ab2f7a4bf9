import OrderFlowCore
import Testing

@Suite("R2.3 phone numbers")
struct PhoneNumberTests {
    @Test(
        "mainland mobiles and landlines are accepted and normalised to digits",
        arguments: [
            ("13812345678", "13812345678"), ("138 1234 5678", "13812345678"), ("+86 138-1234-5678", "13812345678"),
            ("008619912345678", "19912345678"), ("021-64871234", "02164871234"), ("(010) 6589 1234", "01065891234"),
            ("0755-86001234", "075586001234"), ("0571-8888888", "05718888888"),
        ])
    func accepted(raw: String, normalized: String) {
        #expect(PhoneNumber.normalized(raw) == normalized)
    }

    @Test(
        "everything else is refused",
        arguments: [
            "", "12812345678", "1381234567", "138123456789", "abc", "021-6487123", "010-1234567", "1381234567８",
            "13812345678; DROP TABLE orders", "400-820-8820",
        ])
    func refused(raw: String) {
        #expect(PhoneNumber.normalized(raw) == nil)
    }

    @Test("R1.4 masking keeps the first three and last four digits")
    func masking() {
        #expect(PhoneNumber.masked("13812345678") == "138****5678")
        #expect(PhoneNumber.masked("02164871234") == "021****1234")
    }
}

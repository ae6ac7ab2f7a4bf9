import OrderFlowCore
import Testing

@Suite("R1.4 personal data masking")
struct PersonalDataTests {
    @Test("names keep their first character", arguments: [("张伟", "张*"), ("欧阳娜娜", "欧***"), ("李", "李*"), ("", "")])
    func names(name: String, masked: String) {
        #expect(PersonalData.maskedName(name) == masked)
    }

    @Test("a masked customer shows district, not door; phone keeps 3 + 4 digits")
    func customer() {
        let customer = Customer(
            name: "王芳", phone: "13812345678",
            address: Address(province: "上海市", city: "上海市", district: "徐汇区", detail: "天钥桥路 100 号 3 室"),
            tier: .key)
        let masked = PersonalData.masked(customer)
        #expect(masked.name == "王*")
        #expect(masked.phone == "138****5678")
        #expect(masked.address == Address(province: "上海市", city: "上海市", district: "徐汇区", detail: ""))
        #expect(masked.tier == .key)
    }
}

@Suite("Password policy")
struct PasswordPolicyTests {
    func codes(_ password: String, _ username: String = "wangfang") -> [String] {
        PasswordPolicy.problems(password: password, username: username).map(\.code)
    }

    @Test("a long, personal passphrase passes")
    func good() {
        #expect(codes("每天晨跑后喝一杯豆浆-2026").isEmpty)
        #expect(codes("correct horse battery staple").isEmpty)
    }

    @Test("too short, the username inside, or a well-known password are refused")
    func refused() {
        #expect(codes("short1!") == ["password.tooShort"])
        #expect(codes("wangfang-is-great") == ["password.containsUsername"])
        #expect(codes("Password1234") == ["password.tooCommon"])
        #expect(codes("aaaaaaaaaaaaaaaa") == ["password.tooCommon"])
        #expect(codes(String(repeating: "abcdefghij", count: 13)) == ["text.tooLong"])
    }
}

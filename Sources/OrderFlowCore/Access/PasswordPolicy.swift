/// What a password must be (issue: people and access control): long enough
/// to resist guessing, not the user's own name, not a well-known password.
/// Length matters more than character classes (NIST SP 800-63B).
public enum PasswordPolicy {
    public static let minimumLength = 12
    public static let maximumLength = 64
    /// bcrypt reads only the first 72 bytes; a longer password would be
    /// silently cut, so it is refused instead (Chinese characters take 3).
    public static let maximumBytes = 72

    /// A few passwords every attacker tries first, and their local favourites.
    static let common: Set<String> = [
        "123456789012", "password1234", "qwertyuiop12", "111111111111", "1q2w3e4r5t6y", "abc123456789",
        "woaini1314520", "admin1234567", "orderflow123", "passw0rd1234", "iloveyou1234", "000000000000",
    ]

    public static func problems(password: String, username: String) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if password.count < minimumLength {
            problems.append(
                FieldProblem(
                    field: "password", code: "password.tooShort",
                    message: LocalizedText(
                        zhHans: "密码至少需要 \(minimumLength) 个字符", en: "Use at least \(minimumLength) characters")))
        } else if password.count > maximumLength || password.utf8.count > maximumBytes {
            problems.append(IntakeProblem.tooLong("password", limit: min(maximumLength, password.count - 1)))
        }
        let lowered = password.lowercased()
        if !username.isEmpty, lowered.contains(username.lowercased()) {
            problems.append(
                FieldProblem(
                    field: "password", code: "password.containsUsername",
                    message: LocalizedText(zhHans: "密码不能包含用户名", en: "The password must not contain the username")))
        }
        if common.contains(lowered) || Set(password).count <= 2 {
            problems.append(
                FieldProblem(
                    field: "password", code: "password.tooCommon",
                    message: LocalizedText(zhHans: "这个密码太常见，容易被猜到", en: "This password is too common to be safe")))
        }
        return problems
    }
}

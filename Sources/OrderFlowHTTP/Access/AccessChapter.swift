import OrderFlowCore

/// Access (§1): one's own account, API tokens and the audit log. Its pages
/// are the sign-in routes (`SignInRoutes`) and the shell's language choice.
struct AccessChapter: ConsoleChapter {
    let console: ConsoleRoutes
    static let name = "access"

    static let operations: [String: AccessAction] = [
        "getCurrentCaller": .useOwnAccount,
        "changeOwnPassword": .useOwnAccount,
        "listTokens": .manageTokens,
        "createToken": .manageTokens,
        "revokeToken": .manageTokens,
        "searchAuditLog": .readAuditLog,
        "verifyAuditLog": .readAuditLog,
    ]
}

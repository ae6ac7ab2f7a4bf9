import OrderFlowCore

/// What a use case can answer instead of a result. The HTTP layer maps each
/// case to one status code (DESIGN.md §4); the console and CLI show the message.
public enum AppError: Error, Equatable, Sendable {
    /// Field-level problems in what was submitted (422).
    case invalid([FieldProblem])
    /// No such thing, or the caller may not know it exists (404).
    case notFound(LocalizedText)
    /// The change conflicts with the current state: an illegal transition, or
    /// someone else changed it first (409).
    case conflict(code: String, message: LocalizedText)
    /// The caller's `If-Match` no longer names the current version (412).
    case versionMismatch(current: Int, record: VersionedRecord)
    /// An idempotency key sent again with a different request (422).
    case idempotencyKeyReused
    /// No valid credential: unknown, expired or revoked token, no session,
    /// wrong password (401).
    case unauthenticated(LocalizedText)
    /// A known caller whose roles do not allow this (403).
    case forbidden(LocalizedText)
    /// Too many failed sign-ins: try again after this many seconds (429).
    case tooManyAttempts(retryAfterSeconds: Int)

    public static let notAllowed = AppError.forbidden(
        LocalizedText(zhHans: "您的角色无权执行此操作", en: "Your roles do not allow this"))

    public static func orderNotFound(_ reference: String) -> AppError {
        .notFound(
            LocalizedText(
                zhHans: "找不到订单 \(reference.prefix(60))", en: "No order \(reference.prefix(60)) was found"))
    }

    static let concurrentChange = AppError.conflict(
        code: "order.changedConcurrently",
        message: LocalizedText(
            zhHans: "订单刚被其他人修改，请刷新后重试", en: "Someone else changed this order just now; reload and try again"))

    static func illegalTransition(_ error: IllegalTransition) -> AppError {
        .conflict(code: "order.illegalTransition", message: error.message)
    }
}

extension ValidationFailure {
    public var appError: AppError { .invalid(problems) }
}

/// What a version (ETag) belongs to, so that a 412 names what changed.
public enum VersionedRecord: String, Sendable {
    case order, staffMember, technician, dispatchSettings, problemCase, claim

    /// The stable code of the 412 answer; the order's is the original one.
    public var mismatchCode: String { "\(rawValue).versionMismatch" }

    public var changedTitle: LocalizedText {
        switch self {
        case .order: LocalizedText(zhHans: "订单已被修改", en: "The order has changed")
        case .staffMember: LocalizedText(zhHans: "员工资料已被修改", en: "The staff member has changed")
        case .technician: LocalizedText(zhHans: "技师资料已被修改", en: "The technician has changed")
        case .dispatchSettings: LocalizedText(zhHans: "派单设置已被修改", en: "The dispatch settings have changed")
        case .problemCase: LocalizedText(zhHans: "问题单已被修改", en: "The problem case has changed")
        case .claim: LocalizedText(zhHans: "售后申请已被修改", en: "The claim has changed")
        }
    }
}

import OrderFlowCore

/// Who is calling and in which language, for the duration of one request.
/// The generated API handlers receive no request context, so the
/// middleware that authenticates the caller puts them here (DESIGN.md §2).
public enum RequestScope {
    @TaskLocal public static var caller: Caller?
    @TaskLocal public static var language: Language = .zhHans
    /// The request's id (`RequestIDMiddleware`), for problem bodies and log lines.
    @TaskLocal public static var requestID: String?
    /// The console session the caller came with, if any.
    @TaskLocal static var session: StaffSession?
    /// The members of an order draft that could not be read (a wrong type,
    /// a value not in the list), left out of the draft: the intake check
    /// reports them with its own problems, all at once.
    @TaskLocal static var unreadable: [FieldProblem] = []
}

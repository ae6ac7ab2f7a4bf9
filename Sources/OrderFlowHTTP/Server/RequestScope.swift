import OrderFlowCore

/// Who is calling and in which language, for the duration of one request.
/// The generated API handlers receive no request context, so the
/// middleware that authenticates the caller puts them here (DESIGN.md §2).
public enum RequestScope {
    @TaskLocal public static var caller: Caller?
    @TaskLocal public static var language: Language = .zhHans
    /// The console session the caller came with, if any.
    @TaskLocal static var session: StaffSession?
}

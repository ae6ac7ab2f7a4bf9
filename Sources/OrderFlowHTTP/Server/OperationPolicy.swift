import OrderFlowCore

/// Which action of `AccessPolicy` each API operation is, as the chapters
/// declare it. `GuardMiddleware` refuses an operation missing here, and the matrix test walks every
/// operation of openapi.yaml against this table, so a new endpoint cannot
/// go out without a policy. The App layer then decides per store and per
/// record; this table only lets the middleware refuse early and uniformly.
public enum OperationPolicy {
    /// Merged from every chapter's `operations` (`Chapters`).
    public static var actions: [String: AccessAction] { Chapters.operations }
}

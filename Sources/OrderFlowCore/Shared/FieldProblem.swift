/// One problem found in what someone entered: which field, a stable code that
/// programs can match on, and a message a person can act on (R2.3).
public struct FieldProblem: Hashable, Codable, Sendable {
    /// A JSON-pointer-like path into the submitted data, e.g. `lines[1].quantity`.
    public var field: String
    public var code: String
    public var message: LocalizedText

    public init(field: String, code: String, message: LocalizedText) {
        self.field = field
        self.code = code
        self.message = message
    }
}

/// Thrown by Core constructors and checks when input is not acceptable.
public struct ValidationFailure: Error, Hashable, Sendable {
    public var problems: [FieldProblem]

    public init(_ problems: [FieldProblem]) { self.problems = problems }
}

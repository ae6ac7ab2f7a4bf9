/// Parts every chapter's forms use.

/// An option of a select.
struct Choice: Sendable {
    let value: String
    let label: String
    let selected: Bool
}

/// A form field's typed value and its error after a refused submit.
struct FormField: Sendable {
    let value: String
    let error: String?
}

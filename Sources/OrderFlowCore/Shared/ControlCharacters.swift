/// Control characters have no place in anything a person types: a NUL is
/// cut off by SQLite and refused by PostgreSQL, and the others hide text.
/// Every text input is refused with one of them, field by field, before it
/// reaches SQL — the same on both databases.
extension String {
    /// True when the text holds a C0 control character other than tab,
    /// line feed and carriage return (which multi-line fields keep), or DEL.
    public var hasControlCharacters: Bool {
        unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: false
            case 0x00...0x1F, 0x7F: true
            default: false
            }
        }
    }
}

extension FieldProblem {
    /// The refusal of a text with a control character in it.
    public static func controlCharacters(_ field: String) -> FieldProblem {
        FieldProblem(
            field: field, code: "text.controlCharacter",
            message: LocalizedText(
                zhHans: "不能包含控制字符（如 U+0000）", en: "Must not contain control characters such as U+0000"))
    }

    /// `found` without the problems about fields that `unreadable` already
    /// names (or lies inside): a field that could not be read is not also
    /// "missing". The unreadable come first, then the rest in order.
    public static func merging(_ unreadable: [FieldProblem], _ found: [FieldProblem]) -> [FieldProblem] {
        let named = unreadable.map(\.field)
        let rest = found.filter { problem in
            !named.contains { field in
                problem.field == field || problem.field.hasPrefix(field + ".") || problem.field.hasPrefix(field + "[")
            }
        }
        return unreadable + rest
    }
}

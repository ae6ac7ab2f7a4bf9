import Foundation
import OrderFlowCore

/// Checks a JSON value against its schema and reports every problem at
/// once, field by field, in both languages — wrong types, values not in
/// the list, unreadable times, control characters — instead of the first
/// one the decoder trips over (and in its English).
struct SchemaCheck {
    private(set) var problems: [FieldProblem] = []
    /// For PATCH, null would clear a member: refused where the schema
    /// does not allow it. Elsewhere null reads as left out.
    var nullClears = false

    /// The problems of `value`, and the value without the members that
    /// have one (what is left can still be read and checked further).
    static func check(_ value: JSONValue, against schema: JSONSchema, at path: String = "", nullClears: Bool = false)
        -> (problems: [FieldProblem], kept: JSONValue?)
    {
        var check = SchemaCheck(nullClears: nullClears)
        let kept = check.visit(value, schema, path: path)
        return (check.problems, kept)
    }

    /// Returns the value as far as it is acceptable; nil when it is not.
    private mutating func visit(_ value: JSONValue, _ schema: JSONSchema, path: String) -> JSONValue? {
        guard typeFits(value, schema) else {
            problems.append(SchemaProblem.wrongType(path, expected: schema.types))
            return nil
        }
        switch value {
        case .string(let text):
            return checkText(text, schema, path: path) ? value : nil
        case .integer(let number):
            if let minimum = schema.minimum, number < minimum {
                problems.append(SchemaProblem.below(path, minimum))
                return nil
            }
            if let maximum = schema.maximum, number > maximum {
                problems.append(SchemaProblem.above(path, maximum))
                return nil
            }
            if let allowed = schema.allowed, !allowed.contains(String(number)) {
                problems.append(SchemaProblem.notAllowed(path, allowed))
                return nil
            }
            return value
        case .array(let items):
            let itemSchema = schema.items ?? .anything
            var kept: [JSONValue] = []
            for (index, item) in items.enumerated() {
                // A bad item stays in place as null, so that the positions
                // of the other items' problems stay right.
                kept.append(visit(item, itemSchema, path: "\(path)[\(index)]") ?? .null)
            }
            return .array(kept)
        case .object(let members):
            var kept: [(key: String, value: JSONValue)] = []
            for member in members {
                let memberPath = path.isEmpty ? member.key : "\(path).\(member.key)"
                guard let memberSchema = schema.properties[member.key] ?? schema.additionalProperties else {
                    if member.key.hasControlCharacters {
                        problems.append(.controlCharacters(memberPath))
                    } else {
                        kept.append(member)
                    }
                    continue
                }
                if member.value == .null, !memberSchema.types.isEmpty, !memberSchema.types.contains("null") {
                    // An explicit null reads as left out; `required` decides below.
                    if nullClears { problems.append(SchemaProblem.cannotClear(memberPath)) }
                    continue
                }
                if let good = visit(member.value, memberSchema, path: memberPath) { kept.append((member.key, good)) }
            }
            let present = Set(members.filter { $0.value != .null }.map(\.key))
            for name in schema.required where !present.contains(name) {
                problems.append(SchemaProblem.required(path.isEmpty ? name : "\(path).\(name)"))
            }
            return .object(kept)
        default:
            return value
        }
    }

    private func typeFits(_ value: JSONValue, _ schema: JSONSchema) -> Bool {
        if schema.types.isEmpty { return true }
        let type = value.typeName
        if schema.types.contains(type) { return true }
        // An integer is a number too.
        return type == "integer" && schema.types.contains("number")
    }

    private mutating func checkText(_ text: String, _ schema: JSONSchema, path: String) -> Bool {
        if text.hasControlCharacters {
            problems.append(.controlCharacters(path))
            return false
        }
        if let allowed = schema.allowed, !allowed.contains(text) {
            problems.append(SchemaProblem.notAllowed(path, allowed))
            return false
        }
        if let format = schema.format, !SchemaFormat.fits(text, format: format) {
            problems.append(SchemaProblem.wrongFormat(path, format: format))
            return false
        }
        if let maxLength = schema.maxLength, text.count > maxLength {
            problems.append(IntakeProblem.tooLong(path, limit: maxLength))
            return false
        }
        if let minLength = schema.minLength, text.count < minLength {
            problems.append(SchemaProblem.tooShort(path, minLength))
            return false
        }
        return true
    }
}

/// The formats the document names, read the way the generated code reads them.
enum SchemaFormat {
    static func fits(_ text: String, format: String) -> Bool {
        switch format {
        case "date-time": RFC3339.parse(text) != nil
        case "date": LocalDate(iso: text) != nil
        case "uuid": UUID(uuidString: text) != nil
        default: true
        }
    }
}

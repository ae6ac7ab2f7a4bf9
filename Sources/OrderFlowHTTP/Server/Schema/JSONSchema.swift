import Foundation
import Yams

/// The part of JSON Schema that openapi.yaml uses, read once at start from
/// the served document, so that what the server checks and what it
/// publishes cannot drift apart. Immutable after loading.
final class JSONSchema: Sendable {
    /// Allowed JSON types; empty means any.
    let types: Set<String>
    let allowed: [String]?
    let format: String?
    let properties: [String: JSONSchema]
    let required: [String]
    let items: JSONSchema?
    let additionalProperties: JSONSchema?
    let minimum: Int64?
    let maximum: Int64?
    let minLength: Int?
    let maxLength: Int?

    init(
        types: Set<String> = [], allowed: [String]? = nil, format: String? = nil,
        properties: [String: JSONSchema] = [:], required: [String] = [], items: JSONSchema? = nil,
        additionalProperties: JSONSchema? = nil, minimum: Int64? = nil, maximum: Int64? = nil,
        minLength: Int? = nil, maxLength: Int? = nil
    ) {
        self.types = types
        self.allowed = allowed
        self.format = format
        self.properties = properties
        self.required = required
        self.items = items
        self.additionalProperties = additionalProperties
        self.minimum = minimum
        self.maximum = maximum
        self.minLength = minLength
        self.maxLength = maxLength
    }

    static let anything = JSONSchema()
}

/// Reads schemas out of the document, following `$ref`s into
/// `components/schemas`.
struct SchemaReader {
    let document: Node

    /// A named schema's node, or the node itself.
    func resolve(_ node: Node) -> Node {
        var node = node
        var hops = 0
        while let reference = node["$ref"]?.string, hops < 16 {
            hops += 1
            let path = reference.split(separator: "/").dropFirst().map(String.init)
            guard let target = path.reduce(Optional(document), { $0?[$1] }) else { return node }
            node = target
        }
        return node
    }

    func schema(_ node: Node, depth: Int = 0) -> JSONSchema {
        let node = resolve(node)
        guard depth < 32 else { return .anything }
        var types: Set<String> = []
        if let single = node["type"]?.string {
            types = [single]
        } else if let list = node["type"]?.sequence {
            types = Set(list.compactMap(\.string))
        }
        var properties: [String: JSONSchema] = [:]
        if let members = node["properties"]?.mapping {
            for (key, value) in members {
                guard let name = key.string else { continue }
                properties[name] = schema(value, depth: depth + 1)
            }
        }
        let additional = node["additionalProperties"].flatMap { value -> JSONSchema? in
            value.mapping == nil ? nil : schema(value, depth: depth + 1)
        }
        return JSONSchema(
            types: types, allowed: node["enum"]?.sequence.map { $0.compactMap(\.string) },
            format: node["format"]?.string, properties: properties,
            required: node["required"]?.sequence.map { $0.compactMap(\.string) } ?? [],
            items: node["items"].map { schema($0, depth: depth + 1) }, additionalProperties: additional,
            minimum: node["minimum"]?.int.map(Int64.init), maximum: node["maximum"]?.int.map(Int64.init),
            minLength: node["minLength"]?.int, maxLength: node["maxLength"]?.int)
    }
}

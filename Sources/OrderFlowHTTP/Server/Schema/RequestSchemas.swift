import Foundation
import OrderFlowAPI
import Yams

/// Per operation of openapi.yaml: its parameters and its JSON body schema,
/// read from the served document at start.
struct RequestSchemas: Sendable {
    struct Parameter: Sendable {
        enum Location: String, Sendable { case query, path, header }
        var name: String
        var location: Location
        var schema: JSONSchema
    }

    struct Operation: Sendable {
        var parameters: [Parameter]
        var body: JSONSchema?
        /// The document requires a body (JSON or a file).
        var bodyRequired: Bool = false
        /// PATCH bodies: a null would clear a member.
        var isPatch: Bool
    }

    let operations: [String: Operation]

    static func fromDocument() throws -> RequestSchemas {
        guard let text = String(data: try OpenAPIDocument.yaml(), encoding: .utf8),
            let document = try Yams.compose(yaml: text)
        else { throw CocoaError(.fileReadCorruptFile) }
        return RequestSchemas(document: document)
    }

    init(document: Node) {
        let reader = SchemaReader(document: document)
        var operations: [String: Operation] = [:]
        for (_, pathItem) in document["paths"]?.mapping ?? [:] {
            for (methodNode, operation) in pathItem.mapping ?? [:] {
                guard let method = methodNode.string, let id = operation["operationId"]?.string else { continue }
                let parameters = (operation["parameters"]?.sequence.map(Array.init) ?? []).compactMap {
                    node -> Parameter? in
                    let node = reader.resolve(node)
                    guard let name = node["name"]?.string,
                        let location = node["in"]?.string.flatMap(Parameter.Location.init(rawValue:))
                    else { return nil }
                    return Parameter(
                        name: name, location: location, schema: node["schema"].map { reader.schema($0) } ?? .anything)
                }
                let requestBody = operation["requestBody"].map(reader.resolve)
                let body = requestBody?["content"]?["application/json"]?["schema"]
                operations[id] = Operation(
                    parameters: parameters, body: body.map { reader.schema($0) },
                    bodyRequired: requestBody?["required"]?.bool ?? false, isPatch: method == "patch")
            }
        }
        self.operations = operations
    }
}

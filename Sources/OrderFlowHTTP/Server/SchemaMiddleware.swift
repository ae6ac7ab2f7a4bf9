import Foundation
import HTTPTypes
import OpenAPIRuntime
import OrderFlowApp
import OrderFlowCore

/// Checks parameters and JSON bodies against openapi.yaml before the
/// generated code decodes them, so that every problem comes back at once,
/// field by field, in the caller's language — wrong types, values not in a
/// list, unreadable times, control characters — instead of the first one
/// the decoder trips over. Runs after the caller was let in, so that a
/// caller without the right gets 403, not a lesson in our fields.
///
/// Order drafts go on with their readable part: the automatic check then
/// adds its own problems to these (see `RequestScope.unreadable`).
struct SchemaMiddleware: ServerMiddleware {
    let schemas: RequestSchemas
    /// Operations whose handler merges the unreadable fields with its own check.
    static let draftOperations: Set<String> = ["createOrder", "platformIntake"]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard let operation = schemas.operations[operationID] else { return try await next(request, body, metadata) }
        var problems = Self.parameterProblems(operation, request: request, metadata: metadata)
        // No body where the document requires one (an empty upload): a field-level 422, not the decoder's 400.
        if operation.bodyRequired, body == nil || body?.length == .known(0) {
            problems.append(Self.missingBody(file: operation.body == nil))
        }
        var body = body
        if let schema = operation.body, let given = body {
            let bytes = try await [UInt8](collecting: given, upTo: .max)
            // Not JSON at all: the generated code answers 400 as before.
            if let value = JSONValue.parse(bytes) {
                let (found, kept) = SchemaCheck.check(value, against: schema, nullClears: operation.isPatch)
                problems += found
                if !found.isEmpty, Self.draftOperations.contains(operationID), problems.count == found.count,
                    let kept
                {
                    return try await RequestScope.$unreadable.withValue(found) {
                        try await next(request, HTTPBody(kept.encoded()), metadata)
                    }
                }
            }
            body = HTTPBody(bytes)
        }
        guard problems.isEmpty else { throw AppError.invalid(problems) }
        return try await next(request, body, metadata)
    }

    static func missingBody(file: Bool) -> FieldProblem {
        file
            ? FieldProblem(
                field: "file", code: "required",
                message: LocalizedText(zhHans: "请选择要上传的文件（不能为空）", en: "Send the file: the upload was empty"))
            : FieldProblem(
                field: "body", code: "required",
                message: LocalizedText(zhHans: "请求内容不能为空", en: "The request needs a JSON body"))
    }

    static func parameterProblems(
        _ operation: RequestSchemas.Operation, request: HTTPRequest, metadata: ServerRequestMetadata
    ) -> [FieldProblem] {
        let query = QueryItems.parse(request.path)
        var problems: [FieldProblem] = []
        for parameter in operation.parameters {
            let value: String? =
                switch parameter.location {
                case .query: query[parameter.name]
                case .path: metadata.pathParameters[parameter.name].map { String($0).removingPercentEncoding ?? "" }
                case .header: nil
                }
            guard let value else { continue }
            // A path that names nothing is a 404 from its handler, as it
            // always was; only control characters are refused here.
            if parameter.location == .path {
                if value.hasControlCharacters { problems.append(.controlCharacters(parameter.name)) }
                continue
            }
            if let problem = Self.problem(value, parameter.schema, field: parameter.name) { problems.append(problem) }
        }
        return problems
    }

    /// A parameter is text on the wire: read it as its schema's type.
    static func problem(_ text: String, _ schema: JSONSchema, field: String) -> FieldProblem? {
        let value: JSONValue
        if schema.types.contains("integer") {
            guard let number = Int64(text) else { return SchemaProblem.wrongType(field, expected: schema.types) }
            value = .integer(number)
        } else if schema.types.contains("boolean") {
            guard text == "true" || text == "false" else {
                return SchemaProblem.wrongType(field, expected: schema.types)
            }
            value = .bool(text == "true")
        } else {
            value = .string(text)
        }
        return SchemaCheck.check(value, against: schema, at: field).problems.first
    }
}

/// A request target's query, percent-decoded; the first value of each name.
enum QueryItems {
    static func parse(_ target: String?) -> [String: String] {
        guard let target, let mark = target.firstIndex(of: "?") else { return [:] }
        var items: [String: String] = [:]
        for pair in target[target.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard let name = parts.first, items[name] == nil else { continue }
            items[name] = parts.count > 1 ? parts[1] : ""
        }
        return items
    }
}

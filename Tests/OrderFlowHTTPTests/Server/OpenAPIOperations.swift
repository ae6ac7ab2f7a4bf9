import Foundation
import HTTPTypes

/// Every operation in openapi.yaml, read from the document itself, so that
/// a new endpoint is walked by the authentication and access-matrix tests
/// without editing them.
enum OpenAPIOperations {
    struct Operation {
        var method: HTTPRequest.Method
        /// With path parameters filled in by `values`.
        var path: String
        var operationID: String
        /// The document's `x-orderflow-action`: who may call it, for readers of the API.
        var declaredAction: String?
    }

    static let defaults = [
        "orderRef": "SH01-20261201-0001", "storeCode": "SH01", "platform": "meituan", "username": "sh.tech",
        "tokenRef": "oft_00000000", "itemCode": "AC-CLEAN",
    ]

    static func all(values: [String: String] = defaults) throws -> [Operation] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/OrderFlowAPI/openapi.yaml")
        let lines = try String(contentsOf: url, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        var operations: [Operation] = []
        var inPaths = false
        var path = ""
        var method: HTTPRequest.Method?
        for line in lines {
            if line == "paths:" {
                inPaths = true
                continue
            }
            if inPaths, !line.hasPrefix(" "), !line.isEmpty { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /") { path = String(line.dropFirst(2).dropLast()) }
            if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                method = HTTPRequest.Method(String(line.trimmingCharacters(in: .whitespaces).dropLast()).uppercased())
            }
            if line.contains("operationId:"), let method {
                let id = line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? ""
                var concrete = path
                for (name, value) in values { concrete = concrete.replacingOccurrences(of: "{\(name)}", with: value) }
                operations.append(Operation(method: method, path: "/api/v1" + concrete, operationID: id))
            }
            if line.contains("x-orderflow-action:"), !operations.isEmpty {
                operations[operations.count - 1].declaredAction =
                    line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces)
            }
        }
        return operations
    }
}

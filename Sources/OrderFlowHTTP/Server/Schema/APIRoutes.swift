import Foundation
import OrderFlowAPI
import Yams

/// The API's paths and their methods as openapi.yaml declares them, so that
/// a known path asked with another method is a 405 naming the allowed ones.
struct APIRoutes: Sendable {
    static let prefix = "/api/v1"

    struct Route: Sendable {
        /// Path segments; nil stands for a `{parameter}`.
        var segments: [String?]
        var methods: Set<String>
    }

    let routes: [Route]

    static func fromDocument() throws -> APIRoutes {
        guard let text = String(data: try OpenAPIDocument.yaml(), encoding: .utf8),
            let document = try Yams.compose(yaml: text)
        else { throw CocoaError(.fileReadCorruptFile) }
        return APIRoutes(document: document)
    }

    static let httpMethods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]

    init(document: Node) {
        var routes: [Route] = []
        for (pathNode, item) in document["paths"]?.mapping ?? [:] {
            guard let path = pathNode.string else { continue }
            let methods = Set(item.mapping.map { $0.keys.compactMap(\.string) } ?? []).intersection(Self.httpMethods)
            let segments = path.split(separator: "/").map { part -> String? in
                part.hasPrefix("{") && part.hasSuffix("}") ? nil : String(part)
            }
            routes.append(Route(segments: segments, methods: methods))
        }
        self.routes = routes
    }

    /// The methods of the declared path matching `path` (with the prefix), or nil.
    func methods(forPath path: String) -> Set<String>? {
        guard path.hasPrefix(Self.prefix) else { return nil }
        let asked = path.dropFirst(Self.prefix.count).split(separator: "/").map(String.init)
        // A literal segment beats a parameter: `/orders/export` before `/orders/{ref}`.
        let matching = routes.filter { route in
            route.segments.count == asked.count
                && zip(route.segments, asked).allSatisfy { declared, given in declared == nil || declared == given }
        }
        guard !matching.isEmpty else { return nil }
        let best = matching.max { $0.segments.compactMap { $0 }.count < $1.segments.compactMap { $0 }.count }
        var methods = best?.methods ?? []
        if methods.contains("get") { methods.insert("head") }
        return methods
    }
}

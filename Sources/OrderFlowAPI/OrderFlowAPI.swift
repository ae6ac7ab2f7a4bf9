public import Foundation

/// The OpenAPI document this target's code is generated from. The server
/// serves it as-is at `/api/v1/openapi.yaml`: it is the source of truth.
public enum OpenAPIDocument {
    public static func yaml() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }
}

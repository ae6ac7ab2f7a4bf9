import Foundation
import HTTPTypes
import OpenAPIRuntime

/// swift-openapi-runtime codes header parameters like URI components: it
/// percent-decodes incoming values and percent-encodes outgoing ones, so a
/// real `If-Match: "v3"` would be refused and our `ETag` would go out as
/// `%22v3%22`. Headers are not URIs: this middleware, innermost, encodes the
/// declared request headers before the generated code decodes them, and
/// decodes the declared response headers after it encoded them, so that
/// clients see plain HTTP while handlers keep the generated types.
struct HeaderCodingMiddleware: ServerMiddleware {
    static let requestHeaders = ["if-match", "idempotency-key"]
    static let responseHeaders = ["etag", "location", "idempotent-replayed"]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        request.headerFields = HTTPFields(
            request.headerFields.map { field in
                guard Self.requestHeaders.contains(field.name.canonicalName),
                    let encoded = field.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
                else { return field }
                return HTTPField(name: field.name, value: encoded)
            })
        var (response, responseBody) = try await next(request, body, metadata)
        response.headerFields = HTTPFields(
            response.headerFields.map { field in
                guard Self.responseHeaders.contains(field.name.canonicalName),
                    let decoded = field.value.removingPercentEncoding
                else { return field }
                return HTTPField(name: field.name, value: decoded)
            })
        return (response, responseBody)
    }
}

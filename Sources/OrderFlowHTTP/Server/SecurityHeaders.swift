import Foundation
import HTTPTypes
import Hummingbird

/// Headers every answer carries: no content sniffing anywhere (API, YAML,
/// CSS, errors), and no caching of API answers, which can hold personal
/// data. An attachment fetched through the API is a download, never a page
/// of ours rendered from a customer's file.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        if response.headers[.contentTypeOptions] == nil { response.headers[.contentTypeOptions] = "nosniff" }
        let path = request.uri.path
        guard path.hasPrefix(APIRoutes.prefix + "/") else { return response }
        if response.headers[.cacheControl] == nil, path != APIRoutes.prefix + "/openapi.yaml" {
            response.headers[.cacheControl] = "no-store"
        }
        if path.hasPrefix(APIRoutes.prefix + "/attachments/"), response.status == .ok,
            response.headers[.contentDisposition] == nil
        {
            let id = path.split(separator: "/").last.map(String.init) ?? "attachment"
            let safe = id.filter { $0.isLetter || $0.isNumber || $0 == "-" }
            response.headers[.contentDisposition] =
                "attachment; filename=\"\(safe).\(Self.fileExtension(response.headers[.contentType]))\""
        }
        return response
    }

    static func fileExtension(_ type: String?) -> String {
        switch type?.split(separator: ";").first.map(String.init) {
        case "image/jpeg": "jpg"
        case "image/png": "png"
        case "image/webp": "webp"
        case "application/pdf": "pdf"
        default: "bin"
        }
    }
}

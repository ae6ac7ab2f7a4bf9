import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OpenAPIRuntime
import OrderFlowCore

/// Answers requests that reach no route. An API path the document knows,
/// with a method it does not list, is a 405 with `Allow`; any other API
/// miss is a problem+json 404. A person at a browser who mistyped a console
/// address gets a page in their language, with a way back.
struct RouteProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let renderer: ConsoleRenderer
    let routes: APIRoutes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let path = request.uri.path
            let isAPI = path.hasPrefix(APIRoutes.prefix + "/") || path == APIRoutes.prefix
            if error.status == .notFound, isAPI, let allowed = routes.methods(forPath: path), !allowed.isEmpty,
                !allowed.contains(request.method.rawValue.lowercased())
            {
                return Self.problem(
                    .methodNotAllowed, request: request,
                    headers: [.allow: allowed.sorted().map { $0.uppercased() }.joined(separator: ", ")])
            }
            if error.status == .notFound, !isAPI, request.headers[.accept]?.contains("text/html") == true {
                let language = ConsoleGate.language(of: request)
                let t = renderer.messages.table(language)
                return renderer.page(
                    "not-found",
                    PublicMessage(t: t, lang: language.rawValue, message: t["notFound_title"] ?? ""),
                    status: .notFound)
            }
            return Self.problem(error.status, request: request)
        }
    }

    static func problem(_ status: HTTPResponse.Status, request: Request, headers: HTTPFields = [:]) -> Response {
        let language = Language.preferred(fromAcceptLanguage: request.headers[.acceptLanguage])
        let title =
            switch status {
            case .notFound: LocalizedText(zhHans: "没有这个地址", en: "No such resource")
            case .methodNotAllowed: LocalizedText(zhHans: "此地址不支持该请求方法", en: "Method not allowed here")
            default: LocalizedText(zhHans: "请求无法处理", en: status.reasonPhrase)
            }
        let (head, data) = RequestScope.$language.withValue(language) {
            Problem.encoded(status, title: title, extraHeaders: headers)
        }
        return Response(
            status: head.status, headers: head.headerFields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

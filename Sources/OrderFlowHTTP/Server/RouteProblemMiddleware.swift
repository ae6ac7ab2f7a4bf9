import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OpenAPIRuntime
import OrderFlowCore

/// Answers requests that reach no route (an unknown path, a wrong method)
/// with problem+json like every other error, instead of an empty body.
struct RouteProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let language = Language.preferred(fromAcceptLanguage: request.headers[.acceptLanguage])
            let title =
                error.status == .notFound
                ? LocalizedText(zhHans: "没有这个地址", en: "No such resource")
                : LocalizedText(zhHans: "请求无法处理", en: error.status.reasonPhrase)
            let (head, body) = RequestScope.$language.withValue(language) {
                Problem.response(error.status, title: title)
            }
            var buffer = ByteBuffer()
            for try await chunk in body { buffer.writeBytes(chunk) }
            return Response(status: head.status, headers: head.headerFields, body: .init(byteBuffer: buffer))
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OrderFlowCore

/// While the server gets ready (migrations, the first start's demo data) it
/// already listens, so that a supervisor sees it alive; everything but the
/// operators' probes is answered 503 with `Retry-After` until the gate
/// opens: the API as problem+json, a person's browser with a page that
/// reloads itself.
struct StartingMiddleware<Context: RequestContext>: RouterMiddleware {
    let gate: StartGate
    static var probes: Set<String> { ["/health", "/ready", "/metrics"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard !gate.isOpen, !Self.probes.contains(request.uri.path) else { return try await next(request, context) }
        let language = Language.preferred(fromAcceptLanguage: request.headers[.acceptLanguage])
        if request.uri.path.hasPrefix(APIRoutes.prefix) {
            let (head, data) = RequestScope.$language.withValue(language) {
                Problem.encoded(
                    .serviceUnavailable, title: Self.starting, code: "server.starting",
                    extraHeaders: [.retryAfter: "2"])
            }
            return Response(
                status: head.status, headers: head.headerFields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        let text = Self.starting.text(in: language)
        let page =
            "<!doctype html><html lang=\"\(language.rawValue)\"><meta charset=\"utf-8\">"
            + "<meta http-equiv=\"refresh\" content=\"2\"><title>OrderFlow</title><p>\(text)</p></html>"
        return Response(
            status: .serviceUnavailable,
            headers: [.contentType: "text/html; charset=utf-8", .retryAfter: "2", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    static var starting: LocalizedText {
        LocalizedText(zhHans: "OrderFlow 正在启动，请稍候几秒再试", en: "OrderFlow is starting; try again in a few seconds")
    }
}

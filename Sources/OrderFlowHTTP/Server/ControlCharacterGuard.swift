import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OrderFlowCore

/// Refuses a control character (a NUL above all) anywhere in a request's
/// path, query or form fields, for the API, the console and the booking
/// pages alike, with a field-level 422 before anything reaches SQL: SQLite
/// would cut the text off at a NUL, PostgreSQL would fail. JSON bodies are
/// checked member by member by `SchemaMiddleware`.
struct ControlCharacterGuard<Context: RequestContext>: RouterMiddleware {
    /// Forms are small; a larger one is refused here rather than read whole.
    static var formLimit: Int { 2 * 1024 * 1024 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var request = request
        var problems: [FieldProblem] = []
        let path = request.uri.path.removingPercentEncoding ?? request.uri.path
        if path.hasControlCharacters { problems.append(.controlCharacters("path")) }
        for (name, value) in QueryItems.parse(request.uri.description)
        where name.hasControlCharacters || value.hasControlCharacters {
            problems.append(.controlCharacters(name.hasControlCharacters ? "query" : name))
        }
        if request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            let buffer: ByteBuffer
            do {
                buffer = try await request.collectBody(upTo: Self.formLimit)
            } catch {
                throw HTTPError(.contentTooLarge)
            }
            for (name, values) in FormBody.parseAll(buffer)
            where name.hasControlCharacters || values.contains(where: \.hasControlCharacters) {
                problems.append(.controlCharacters(name.hasControlCharacters ? "form" : name))
            }
        }
        guard problems.isEmpty else { return Self.refusal(problems, request: request) }
        return try await next(request, context)
    }

    static func refusal(_ problems: [FieldProblem], request: Request) -> Response {
        let language = Language.preferred(fromAcceptLanguage: request.headers[.acceptLanguage])
        let (head, data) = RequestScope.$language.withValue(language) {
            Problem.encoded(.unprocessableContent, title: Problem.validationTitle, errors: problems)
        }
        return Response(
            status: head.status, headers: head.headerFields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OrderFlowCore

extension HTTPField.Name {
    static let requestID = Self("X-Request-ID")!
}

/// Gives every request an id (B7): the caller's own `X-Request-ID` when it
/// is a sane token (a proxy's, a client's retry), otherwise a new one. It is
/// answered in the `X-Request-ID` header, put in every problem+json body
/// (`requestId`) and in every log line written while the request runs
/// (`RequestScope.requestID`, read by the logger's metadata provider), so a
/// user's report, the proxy's log and ours meet on one value.
///
/// It also writes the access line (info): method, route template, status and
/// milliseconds. Never the address or its query, which may hold a phone number.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let id = Self.accepted(request.headers[.requestID]) ?? Self.newID()
        let started = ContinuousClock.now
        return try await RequestScope.$requestID.withValue(id) {
            var response: Response
            do {
                response = try await next(request, context)
            } catch let error as any HTTPResponseError {
                response = try error.response(from: request, context: context)
            }
            response.headers[.requestID] = id
            let elapsed = (ContinuousClock.now - started).components
            context.logger.info(
                "Answered",
                metadata: [
                    "method": "\(request.method)", "route": "\(context.endpointPath ?? "unmatched")",
                    "status": "\(response.status.code)",
                    "ms": "\(elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000)",
                ])
            return response
        }
    }

    /// A caller's id is kept when it is 8–64 letters, digits, `-`, `_` or `.`:
    /// anything else could forge log lines or grow without bound.
    static func accepted(_ value: String?) -> String? {
        guard let value, (8...64).contains(value.utf8.count),
            value.utf8.allSatisfy({ byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E
            })
        else { return nil }
        return value
    }

    static func newID() -> String {
        UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }
}

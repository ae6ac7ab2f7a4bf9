import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's basics plus the
/// client's address, which sign-in rate limiting counts by.
public struct OrderFlowRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address, or "unknown" (in-process tests).
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }

    /// Behind a trusted proxy, the first address of `X-Forwarded-For`;
    /// otherwise the peer's own address (the header is then only a claim).
    func clientAddress(of request: Request, trustingForwardedFor trusted: Bool) -> String {
        guard trusted, let forwarded = request.headers[.forwardedFor],
            let first = forwarded.split(separator: ",").first?.trimmingCharacters(in: .whitespaces), !first.isEmpty
        else { return clientAddress }
        return String(first.prefix(64))
    }
}

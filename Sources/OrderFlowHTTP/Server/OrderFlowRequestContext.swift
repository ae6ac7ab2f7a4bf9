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
}

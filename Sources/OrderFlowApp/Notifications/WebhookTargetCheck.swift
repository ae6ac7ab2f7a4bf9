import Foundation
import NIOPosix
import OrderFlowCore

#if canImport(Glibc)
    import Glibc
#endif

/// Checks a webhook's host before anything is sent to it: at registration,
/// and again at every send (the name may point elsewhere by then). Hosts a
/// deployment allows by name (`ORDERFLOW_WEBHOOK_ALLOWED_HOSTS`) pass.
/// A name is resolved and every address it has must be public.
public struct WebhookTargetCheck: Sendable {
    public var allowedHosts: Set<String>

    public init(allowedHosts: Set<String> = []) {
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
    }

    public enum Verdict: Equatable, Sendable {
        case allowed
        /// The host is, or resolves to, an internal address.
        case internalAddress
        /// The name does not resolve (now).
        case unresolved
    }

    public func verdict(forHost rawHost: String) async -> Verdict {
        let host = rawHost.lowercased()
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        if allowedHosts.contains(host) || allowedHosts.contains(bare) { return .allowed }
        if WebhookAddress.isLocalName(bare) { return .internalAddress }
        if WebhookAddress.ipv4(bare) != nil || WebhookAddress.ipv6(bare) != nil {
            return WebhookAddress.isInternal(bare) ? .internalAddress : .allowed
        }
        let addresses = await Self.resolve(bare)
        if addresses.isEmpty { return .unresolved }
        return addresses.contains(where: WebhookAddress.isInternal) ? .internalAddress : .allowed
    }

    /// Every address of `host`, numeric; empty when it does not resolve.
    /// getaddrinfo blocks, so it runs on NIO's thread pool.
    static func resolve(_ host: String) async -> [String] {
        (try? await NIOThreadPool.singleton.runIfActive { Self.lookUp(host) }) ?? []
    }

    private static func lookUp(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var first: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &first) == 0, let first else { return [] }
        defer { freeaddrinfo(first) }
        var found: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if let address = entry.pointee.ai_addr,
                getnameinfo(address, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST)
                    == 0
            {
                found.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            cursor = entry.pointee.ai_next
        }
        return found
    }
}

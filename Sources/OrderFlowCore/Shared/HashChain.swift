import Crypto
import Foundation

/// One entry of an append-only hash chain: the order's events, the audit
/// log, and (next) the archive's sealed packages.
public protocol ChainLink {
    var sequence: Int { get }
    var previousHash: String { get }
    var hash: String { get }
    /// The entry's own fields, in a fixed order, as text.
    var chainedFields: [String] { get }
}

/// Where a chain ends, as written by its last append: verification compares
/// the chain's newest entry with it, so entries cut off the end are noticed.
public struct ChainHead: Sendable, Equatable {
    public var sequence: Int
    public var hash: String

    public init(sequence: Int, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }

    public static let empty = ChainHead(sequence: 0, hash: HashChain.genesis)
}

/// The chain's rules (R8.3): each entry's hash is the SHA-256 of the hash
/// before it and its own fields, one per line; the first follows the
/// genesis hash; sequences run 1, 2, 3 …
public enum HashChain {
    public static let genesis = String(repeating: "0", count: 64)

    public static func hash(previous: String, fields: [String]) -> String {
        Array(SHA256.hash(data: Data(([previous] + fields).joined(separator: "\n").utf8))).hexString
    }

    public static func hash(of link: some ChainLink) -> String {
        hash(previous: link.previousHash, fields: link.chainedFields)
    }

    /// The first sequence whose entry does not match the chain, or nil when intact.
    public static func firstBrokenLink<Link: ChainLink>(in links: [Link]) -> Int? {
        var expectedPrevious = genesis
        for (index, link) in links.enumerated() {
            if link.sequence != index + 1 || link.previousHash != expectedPrevious || link.hash != hash(of: link) {
                return link.sequence
            }
            expectedPrevious = link.hash
        }
        return nil
    }

    /// The first sequence that breaks the chain or is missing from its end,
    /// or nil when intact up to `head`. Entries appended after the head was
    /// read are not judged.
    public static func firstBrokenLink<Link: ChainLink>(in links: [Link], head: ChainHead) -> Int? {
        let judged = Array(links.prefix { $0.sequence <= head.sequence })
        if let broken = firstBrokenLink(in: judged) { return broken }
        let last = judged.last
        let (lastSequence, lastHash) = (last?.sequence ?? 0, last?.hash ?? genesis)
        guard lastSequence == head.sequence, lastHash == head.hash else { return min(lastSequence, head.sequence) + 1 }
        return nil
    }
}

import Foundation
import OrderFlowCore
import Testing

/// R8.3: one hash chain for the event log, the audit log and the archive.
@Suite("R8.3 hash chain")
struct HashChainTests {
    struct Entry: ChainLink {
        var sequence: Int
        var previousHash: String
        var hash: String
        var text: String
        var chainedFields: [String] { [String(sequence), text] }
    }

    static func chain(_ texts: [String]) -> [Entry] {
        var entries: [Entry] = []
        var previous = HashChain.genesis
        for (index, text) in texts.enumerated() {
            var entry = Entry(sequence: index + 1, previousHash: previous, hash: "", text: text)
            entry.hash = HashChain.hash(of: entry)
            previous = entry.hash
            entries.append(entry)
        }
        return entries
    }

    @Test("R8.3 a link is the SHA-256 of the previous hash and the fields, one per line")
    func linkFormula() {
        // sha256("000…0\n1\nhello"), computed outside Swift: stored chains stay valid.
        #expect(
            HashChain.hash(previous: HashChain.genesis, fields: ["1", "hello"])
                == "d20b562acb755b63ca6d1e77f59f8aa76b1c6fe8a4e16b505264b784f9f782e0")
    }

    @Test("R8.3 an edited, removed or reordered entry, or an end cut off, is found")
    func breaks() {
        let entries = Self.chain(["a", "b", "c", "d"])
        let head = ChainHead(sequence: 4, hash: entries[3].hash)
        #expect(HashChain.firstBrokenLink(in: entries, head: head) == nil)
        var edited = entries
        edited[1].text = "B"
        #expect(HashChain.firstBrokenLink(in: edited) == 2)
        var removed = entries
        removed.remove(at: 2)
        #expect(HashChain.firstBrokenLink(in: removed) == 4)
        #expect(HashChain.firstBrokenLink(in: [entries[1], entries[0]]) == 2)
        let cut = Array(entries.prefix(2))
        #expect(HashChain.firstBrokenLink(in: cut) == nil)
        #expect(HashChain.firstBrokenLink(in: cut, head: head) == 3)
        // Entries newer than the head read are not judged.
        #expect(HashChain.firstBrokenLink(in: entries, head: ChainHead(sequence: 2, hash: entries[1].hash)) == nil)
        #expect(HashChain.firstBrokenLink(in: [Entry](), head: .empty) == nil)
    }
}

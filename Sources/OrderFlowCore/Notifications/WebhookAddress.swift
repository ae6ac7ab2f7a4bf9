import Foundation

/// Where a webhook may point (B3): a partner's public address, never this
/// company's own network or the machine itself — a webhook is a request our
/// server makes on an administrator's word, and must not reach a database
/// console, a cloud metadata service or an internal admin page. A
/// deployment names internal hosts it does want reached.
public enum WebhookAddress {
    /// Host names that always mean this machine.
    public static func isLocalName(_ host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: ["."])
        return name == "localhost" || name.hasSuffix(".localhost") || name == "localhost.localdomain"
    }

    /// True for a numeric address that is loopback, private, link-local
    /// (cloud metadata at 169.254.169.254), shared, unspecified, multicast
    /// or reserved; IPv4-mapped IPv6 addresses are judged as IPv4.
    public static func isInternal(_ address: String) -> Bool {
        if let v4 = ipv4(address) { return isInternal(v4: v4) }
        guard let v6 = ipv6(address) else { return false }
        if v6[0..<10].allSatisfy({ $0 == 0 }) && v6[10] == 0xFF && v6[11] == 0xFF {
            return isInternal(v4: Array(v6[12..<16]))
        }
        if v6.allSatisfy({ $0 == 0 }) { return true }  // ::
        if v6[0..<15].allSatisfy({ $0 == 0 }) && v6[15] == 1 { return true }  // ::1
        if v6[0] & 0xFE == 0xFC { return true }  // fc00::/7 unique local
        if v6[0] == 0xFE && v6[1] & 0xC0 == 0x80 { return true }  // fe80::/10 link-local
        if v6[0] == 0xFF { return true }  // multicast
        return false
    }

    static func isInternal(v4 b: [UInt8]) -> Bool {
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _): true
        case (100, 64...127): true  // shared address space (CGNAT)
        case (169, 254): true  // link-local, cloud metadata
        case (172, 16...31): true
        case (192, 168): true
        case (192, 0) where b[2] == 0: true
        case (198, 18...19): true  // benchmarking
        case (224...255, _): true  // multicast, reserved, broadcast
        default: false
        }
    }

    /// Four bytes of a dotted IPv4 address, or nil.
    public static func ipv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let bytes = parts.compactMap { part -> UInt8? in
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber) else {
                return nil
            }
            return UInt8(part)
        }
        return bytes.count == 4 ? bytes : nil
    }

    /// Sixteen bytes of an IPv6 address (brackets, a zone and an embedded
    /// IPv4 tail allowed), or nil.
    public static func ipv6(_ raw: String) -> [UInt8]? {
        var text = Substring(raw)
        if text.hasPrefix("[") && text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
        guard text.contains(":") else { return nil }
        var tail: [UInt8] = []
        if let lastColon = text.lastIndex(of: ":"), let v4 = ipv4(String(text[text.index(after: lastColon)...])) {
            tail = v4
            text = text[...lastColon]
            if text.hasSuffix(":") && !text.hasSuffix("::") { text = text.dropLast() }
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            let values = part.split(separator: ":", omittingEmptySubsequences: false).map { UInt16($0, radix: 16) }
            guard values.allSatisfy({ $0 != nil }), part.split(separator: ":").allSatisfy({ $0.count <= 4 }) else {
                return nil
            }
            return values.compactMap { $0 }
        }
        guard let head = groups(halves[0]), let rest = halves.count == 2 ? groups(halves[1]) : [] else { return nil }
        let wanted = 8 - tail.count / 2
        let filled: [UInt16]
        if halves.count == 2 {
            guard head.count + rest.count < wanted else { return nil }
            filled = head + Array(repeating: 0, count: wanted - head.count - rest.count) + rest
        } else {
            guard head.count == wanted else { return nil }
            filled = head
        }
        return filled.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } + tail
    }
}

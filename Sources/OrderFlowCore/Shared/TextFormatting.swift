/// Small formatting helpers used on hot paths (every order, every event):
/// `String(format:)` goes through Foundation's locale machinery and measured
/// several percent of an order creation's CPU time.
extension BinaryInteger {
    /// The decimal digits, left-padded with zeros to `width`.
    public func zeroPadded(_ width: Int) -> String {
        let digits = String(self.magnitude)
        let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        return self < 0 ? "-" + padded : padded
    }
}

extension Sequence<UInt8> {
    /// Lowercase hexadecimal, two digits per byte.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

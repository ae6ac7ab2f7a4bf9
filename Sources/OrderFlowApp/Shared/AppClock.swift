import Foundation
import Synchronization

/// The current time and new identifiers, passed in so that Core stays pure
/// and tests can travel in time (DESIGN.md §1).
public struct AppEnvironment: Sendable {
    public var now: @Sendable () -> Date
    public var newID: @Sendable () -> UUID

    public init(now: @escaping @Sendable () -> Date, newID: @escaping @Sendable () -> UUID) {
        self.now = now
        self.newID = newID
    }

    /// Whole milliseconds, the precision instants are stored with: what a
    /// caller is answered is exactly what is read back later.
    public static let live = AppEnvironment(
        now: { Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded() / 1000) },
        newID: { TimeOrderedID.make(at: Date()) })

    /// A fixed or moving clock for tests and demo data, with ids that still sort by time.
    public static func at(_ clock: @escaping @Sendable () -> Date) -> AppEnvironment {
        AppEnvironment(now: clock, newID: { TimeOrderedID.make(at: clock()) })
    }
}

/// UUID version 7: 48 bits of Unix milliseconds, then randomness. Ids sort
/// by creation time, which keeps B-tree inserts local (DESIGN.md §3).
public enum TimeOrderedID {
    public static func make(at instant: Date) -> UUID {
        var generator = SystemRandomNumberGenerator()
        let millis = UInt64(max(0, instant.timeIntervalSince1970 * 1000))
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: millis >> (8 * (5 - index))) }
        for index in 6..<16 { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}

import Foundation
import OrderFlowApp
import Synchronization

/// A clock tests move by hand: lockouts end, sessions idle out, tokens expire.
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = Fixtures.now) { current = Mutex(start) }

    public var now: Date { current.withLock { $0 } }

    public func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }

    public var environment: AppEnvironment { .at { [self] in now } }
}

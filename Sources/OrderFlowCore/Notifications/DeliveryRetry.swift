/// When a failed delivery is tried again (B3): exponential backoff from
/// `baseSeconds`, capped, until `maxAttempts`, after which it is dead and
/// waits on the dead-letter list for someone to send it again.
public struct DeliveryRetry: Hashable, Sendable {
    public var baseSeconds: Double
    public var capSeconds: Double
    public var maxAttempts: Int

    /// 30 s, 1 min, 2 min … capped at 6 h: ten attempts span about 9 hours.
    public init(baseSeconds: Double = 30, capSeconds: Double = 6 * 3600, maxAttempts: Int = 10) {
        self.baseSeconds = baseSeconds
        self.capSeconds = capSeconds
        self.maxAttempts = maxAttempts
    }

    /// Seconds to wait after the `attempts`-th failure, or nil: give up.
    /// `jitter` (0…1) spreads retries of many deliveries that failed together.
    public func delay(afterAttempts attempts: Int, jitter: Double = 0) -> Double? {
        guard attempts < maxAttempts else { return nil }
        let exponent = Double(max(0, attempts - 1))
        let plain = min(capSeconds, baseSeconds * pow2(exponent))
        return plain * (1 + 0.2 * min(1, max(0, jitter)))
    }

    private func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(min(exponent, 60)) { value *= 2 }
        return value
    }
}

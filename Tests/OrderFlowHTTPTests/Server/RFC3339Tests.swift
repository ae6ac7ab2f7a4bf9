import Foundation
import OrderFlowApp
import Testing

@testable import OrderFlowHTTP

@Suite("RFC 3339 instants")
struct RFC3339Tests {
    @Test(
        "offsets, fractions and Z parse to the same instant Foundation finds",
        arguments: [
            "2026-12-01T10:00:00+08:00", "2026-12-01T02:00:00Z", "2026-12-01T02:00:00.250Z",
            "2028-02-29T23:59:59-05:30",
            "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "2099-12-31T23:59:59+14:00",
        ])
    func parsesLikeFoundation(text: String) throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions =
            text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        let expected = try #require(formatter.date(from: text))
        let parsed = try #require(RFC3339.parse(text))
        #expect(abs(parsed.timeIntervalSince(expected)) < 0.000_5)
    }

    @Test(
        "anything else is refused",
        arguments: [
            "", "2026-12-01", "2026-12-01T10:00:00", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
            "2026-12-01T24:00:00Z", "2026-12-01T10:00:00+8:00", "2026-12-01T10:00:00.Z", "2026-12-01T10:00:00Zjunk",
            "２026-12-01T10:00:00Z",
        ])
    func refuses(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test("formats in UTC with milliseconds and round-trips")
    func formatting() throws {
        let instant = Date(timeIntervalSince1970: 1_796_090_400.123)
        #expect(RFC3339.format(instant) == "2026-12-01T02:00:00.123Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        for seconds in stride(from: -86_400.0 * 800, to: 86_400.0 * 40_000, by: 86_400.0 * 97.3) {
            let date = Date(timeIntervalSince1970: (seconds * 1000).rounded() / 1000)
            let back = try #require(RFC3339.parse(RFC3339.format(date)))
            #expect(abs(back.timeIntervalSince(date)) < 0.000_5)
        }
    }
}

@Suite("Instants as answered and as stored")
struct InstantPrecisionTests {
    @Test("the live clock ticks in whole milliseconds, which print and parse back exactly")
    func liveClockPrecision() throws {
        for _ in 0..<200 {
            let now = OrderFlowApp.AppEnvironment.live.now()
            let millis = now.timeIntervalSince1970 * 1000
            #expect(millis == millis.rounded())
            #expect(try #require(RFC3339.parse(RFC3339.format(now))) == now)
        }
    }

    @Test("sub-millisecond instants print rounded to the nearest millisecond, like the columns")
    func rounding() {
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_796_090_400.1236)) == "2026-12-01T02:00:00.124Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_796_090_400.1234)) == "2026-12-01T02:00:00.123Z")
    }
}

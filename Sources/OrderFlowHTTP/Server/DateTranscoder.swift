import Foundation
import OpenAPIRuntime

/// RFC 3339 instants with or without fractional seconds and with any
/// offset (`Z`, `+08:00`) on the way in; UTC with milliseconds on the way out.
struct FlexibleDateTranscoder: DateTranscoder {
    func encode(_ date: Date) throws -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    func decode(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        throw DecodingError.dataCorrupted(
            .init(codingPath: [], debugDescription: "expected an RFC 3339 time such as 2026-12-01T09:00:00+08:00"))
    }
}

import Foundation
import OrderFlowCore
import OrderFlowHTTP
import Testing

@Suite("Console message catalogs")
struct MessageCatalogTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/OrderFlowHTTP")

    static func files(_ suffix: String, under folder: URL) throws -> [URL] {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        return (enumerator?.allObjects as? [URL] ?? []).filter { $0.path.hasSuffix(suffix) }
    }

    static func matches(_ pattern: String, in text: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    @Test("both languages have the same keys, and no text is empty")
    func sameKeys() throws {
        let messages = try ConsoleMessages.bundled()
        let chinese = messages.table(.zhHans)
        let english = messages.table(.en)
        #expect(chinese.count > 100)
        #expect(Set(chinese.keys).subtracting(english.keys).sorted() == [])
        #expect(Set(english.keys).subtracting(chinese.keys).sorted() == [])
        #expect(chinese.filter { $0.value.isEmpty }.keys.sorted() == [])
        #expect(english.filter { $0.value.isEmpty }.keys.sorted() == [])
    }

    @Test("every key a template or a page uses is in the catalogs")
    func everyKeyUsedExists() throws {
        let keys = Set(try ConsoleMessages.bundled().table(.en).keys)
        var used: Set<String> = []
        for template in try Self.files(".mustache", under: Self.sources) {
            used.formUnion(
                try Self.matches(
                    #"\{\{[#^/]?t\.([A-Za-z0-9_]+)\}\}"#, in: String(contentsOf: template, encoding: .utf8)))
        }
        for source in try Self.files(".swift", under: Self.sources) {
            used.formUnion(
                try Self.matches(#"\bt\["([A-Za-z0-9_]+)"\]"#, in: String(contentsOf: source, encoding: .utf8)))
        }
        // Keys built from domain values.
        used.formUnion(Channel.Kind.allCases.map { "channel_\($0.rawValue)" })
        used.formUnion(PaymentMethod.allCases.map { "payment_\($0.rawValue)" })
        used.formUnion(Priority.allCases.map { "priority_\($0.rawValue)" })
        used.formUnion(CustomerTier.allCases.map { "tier_\($0.rawValue)" })
        used.formUnion((1...7).map { "weekday_\($0)" })
        used.formUnion(["created", "approved", "rejected", "cancelled", "clock"].map { "order_done_\($0)" })
        used.formUnion(["created", "roles", "disable"].map { "staff_done_\($0)" })
        used.formUnion(["leave", "overtime"].map { "staff_exception_\($0)" })
        used.formUnion(["stores_done_item", "stores_done_hours"])
        used.formUnion(["orders", "newOrder", "review", "dispatch", "jobs", "staff", "stores"].map { "nav_\($0)" })
        used.formUnion(["assigned", "withdrawn", "planned"].map { "dispatch_done_\($0)" })
        used.insert("jobs_done_handedBack")
        used.formUnion(["onTime", "warning", "overdue"].map { "stage_state_\($0)" })
        used.formUnion(["contact", "survey", "checklist", "check-in", "check-out", "record"].map { "job_done_\($0)" })
        used.formUnion(["report", "accepted", "rejected"].map { "job_done_\($0)" })
        used.formUnion(["order_done_rework", "order_done_answered", "stores_done_lapse"])
        let weights = ["workload", "weeklyWorkload", "experience", "continuity", "lateness", "unassigned"]
        used.formUnion(weights.map { "dispatch_weight_\($0)" } + weights.map { "dispatch_weightHint_\($0)" })
        used.formUnion(
            OrderEventType.allCases.filter(\.isShownToCustomers).map {
                "track_event_" + $0.rawValue.replacingOccurrences(of: ".", with: "_")
            })
        #expect(used.count > 100)
        #expect(used.subtracting(keys).sorted() == [])
    }
}

import Foundation
import OrderFlowCore
import Testing

@testable import OrderFlowHTTP

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
        used.formUnion(Chapters.navigation.map { "nav_\($0.key)" })
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

    @Test("a key defined in two chapters' files stops the start")
    func keyDefinedTwice() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("messages-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for language in ["zh-Hans", "en"] {
            let directory = folder.appendingPathComponent(language)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(#"{"nav_orders": "Orders"}"#.utf8).write(to: directory.appendingPathComponent("intake.json"))
            try Data(#"{"nav_orders": "Orders", "example_title": "Example"}"#.utf8)
                .write(to: directory.appendingPathComponent("example.json"))
        }
        #expect(throws: MessageClash(key: "nav_orders", language: "zh-Hans", files: ["example", "intake"])) {
            try ConsoleMessages.load(from: folder)
        }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("en/intake.json"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("zh-Hans/intake.json"))
        #expect(try ConsoleMessages.load(from: folder).text("example_title", .en) == "Example")
    }

    @Test("one placeholder style, {name}, with the same names in both languages")
    func placeholders() throws {
        let messages = try ConsoleMessages.bundled()
        let english = messages.table(.en)
        for (key, chinese) in messages.table(.zhHans) {
            #expect(!chinese.contains("%@") && !chinese.contains("%d"), "\(key) uses a printf placeholder")
            let names = { (text: String) in Set(try Self.matches(#"\{([a-z][A-Za-z]*)\}"#, in: text)) }
            #expect(try names(chinese) == names(english[key] ?? ""), "\(key) has other placeholders in English")
        }
        #expect(
            messages.text("alerts_resolvedAt", .en, ["time": "2026-12-07 10:00"]) == "stage over at 2026-12-07 10:00")
    }

    @Test("each chapter's words are in the same file in both languages")
    func sameFiles() throws {
        let folder = Self.sources.appendingPathComponent("Console/Messages")
        var owners: [String: [String: String]] = [:]
        for language in ["zh-Hans", "en"] {
            for file in try Self.files(".json", under: folder.appendingPathComponent(language)) {
                let keys = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: file)).keys
                for key in keys { owners[language, default: [:]][key] = file.lastPathComponent }
            }
        }
        #expect(owners["zh-Hans"] == owners["en"])
        #expect(Set(owners["en"]?.values ?? [:].values).count >= 10)
    }
}

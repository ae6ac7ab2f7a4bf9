/// What fills a template's `{placeholders}`. Customer messages carry no
/// personal data beyond what the recipient already knows: the order's
/// number, the store, the time, the technician's name and the link.
public struct MessageValues: Hashable, Sendable {
    public var order: String
    public var store: String
    public var storePhone: String
    /// The appointment window as the customer reads it, e.g. "12月2日 10:00–12:00".
    public var window: String
    public var technician: String
    public var reason: String
    /// The customer's tracking page, where they can also stop messages.
    public var link: String
    /// A problem case (R4.8): its cause, the measures, and when it will be resolved.
    public var cause: String
    public var measures: String
    public var expected: String

    public init(
        order: String, store: String, storePhone: String, window: String, technician: String = "",
        reason: String = "", link: String = "", cause: String = "", measures: String = "", expected: String = ""
    ) {
        self.cause = cause
        self.measures = measures
        self.expected = expected
        self.order = order
        self.store = store
        self.storePhone = storePhone
        self.window = window
        self.technician = technician
        self.reason = reason
        self.link = link
    }

    var table: [String: String] {
        [
            "order": order, "store": store, "storePhone": storePhone, "window": window, "technician": technician,
            "reason": reason, "link": link, "cause": cause, "measures": measures, "expected": expected,
        ]
    }
}

/// A message to send: the subject (e-mail only) and the text.
public struct RenderedMessage: Hashable, Codable, Sendable {
    public var subject: String?
    public var body: String

    public init(subject: String?, body: String) {
        self.subject = subject
        self.body = body
    }
}

/// One template: a subject (e-mail) and a body, in both languages, with
/// `{name}` placeholders from `MessageValues`.
public struct MessageTemplate: Hashable, Sendable {
    public var subject: LocalizedText?
    public var body: LocalizedText

    public init(subject: LocalizedText? = nil, body: LocalizedText) {
        self.subject = subject
        self.body = body
    }

    public func render(_ values: MessageValues, in language: Language) -> RenderedMessage {
        RenderedMessage(
            subject: subject.map { Self.fill($0.text(in: language), values) },
            body: Self.fill(body.text(in: language), values))
    }

    /// Replaces each `{name}`; unknown names are left as they are, so a
    /// typo shows in the preview instead of vanishing.
    static func fill(_ text: String, _ values: MessageValues) -> String {
        var result = ""
        var rest = Substring(text)
        let table = values.table
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                rest = rest[open...]
                break
            }
            let name = String(rest[rest.index(after: open)..<close])
            result += table[name] ?? "{\(name)}"
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}

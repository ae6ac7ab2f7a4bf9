/// Who did something: every change is attributable (R1.2). Until staff
/// accounts exist, API callers are identified by their credential.
public struct Actor: Hashable, Codable, Sendable, CustomStringConvertible {
    public enum Kind: String, Codable, Sendable {
        case staff
        case integration
        case platform
        case customer
        case system
    }

    public var kind: Kind
    public var id: String

    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }

    public static let system = Actor(kind: .system, id: "orderflow")

    /// `integration:api-token`, `platform:meituan`, `system:orderflow` …
    public var description: String { "\(kind.rawValue):\(id)" }
}

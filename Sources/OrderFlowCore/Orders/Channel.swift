/// Where an order came from (接收渠道, R2.1). Every order records one.
public enum Channel: Hashable, Codable, Sendable {
    case website
    case app
    /// A third-party platform such as Meituan or JD, named.
    case platform(String)
    case phone
    case walkIn

    public enum Kind: String, Codable, Sendable, CaseIterable {
        case website, app, platform, phone, walkIn
    }

    public var kind: Kind {
        switch self {
        case .website: .website
        case .app: .app
        case .platform: .platform
        case .phone: .phone
        case .walkIn: .walkIn
        }
    }

    public var platformName: String? {
        if case .platform(let name) = self { return name }
        return nil
    }

    /// Rebuilds a channel from its stored parts; nil when a platform has no name.
    public init?(kind: Kind, platformName: String?) {
        switch kind {
        case .website: self = .website
        case .app: self = .app
        case .phone: self = .phone
        case .walkIn: self = .walkIn
        case .platform:
            guard let name = platformName?.trimmedOrNil else { return nil }
            self = .platform(name)
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, platformName }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(platformName, forKey: .platformName)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(Kind.self, forKey: .kind)
        let name = try container.decodeIfPresent(String.self, forKey: .platformName)
        guard let channel = Channel(kind: kind, platformName: name) else {
            throw DecodingError.dataCorruptedError(
                forKey: .platformName, in: container, debugDescription: "a platform channel needs a name")
        }
        self = channel
    }
}

/// An MTConnect schema version such as 1.3 or 2.7.
///
/// Taken from the root element's namespace URN (`urn:mtconnect.org:MTConnectStreams:2.7`)
/// and, for documents without a namespace, from `Header@version`.
public struct MTConnectVersion: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Reads the leading `major.minor` of a version string; `"2.0.0.1"` gives 2.0.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1]),
              major >= 0, minor >= 0 else { return nil }
        self.init(major: major, minor: minor)
    }

    /// Reads the version at the end of an MTConnect namespace URN, such as
    /// `urn:mtconnect.org:MTConnectDevices:1.3`. Returns nil for other namespaces.
    public init?(namespaceURN: some StringProtocol) {
        guard namespaceURN.hasPrefix("urn:mtconnect.org:"),
              let colon = namespaceURN.lastIndex(of: ":") else { return nil }
        self.init(namespaceURN[namespaceURN.index(after: colon)...])
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    public var description: String { "\(major).\(minor)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let version = MTConnectVersion(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "'\(text)' is not an MTConnect version such as 2.3"))
        }
        self = version
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

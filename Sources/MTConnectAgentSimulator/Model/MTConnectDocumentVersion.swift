/// The MTConnect schema version a simulated agent writes: its namespaces and header.
public struct MTConnectDocumentVersion: Sendable, Hashable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Version 1.3: condition and sample names from the 1.x schemas.
    public static let v1_3 = MTConnectDocumentVersion(major: 1, minor: 3)
    /// Version 2.0.
    public static let v2_0 = MTConnectDocumentVersion(major: 2, minor: 0)
    /// Version 2.3.
    public static let v2_3 = MTConnectDocumentVersion(major: 2, minor: 3)

    public var description: String { "\(major).\(minor)" }

    func namespace(_ document: String) -> String {
        "urn:mtconnect.org:MTConnect\(document):\(major).\(minor)"
    }
}

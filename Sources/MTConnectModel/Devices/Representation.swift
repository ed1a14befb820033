/// How a data item's values are shaped. An extensible set: unknown representations from
/// newer schemas are kept by name.
public struct Representation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// One value per observation (the default).
    public static let value = Representation("VALUE")
    /// A fixed-rate series of numbers per observation.
    public static let timeSeries = Representation("TIME_SERIES")
    /// Key–value pairs per observation.
    public static let dataSet = Representation("DATA_SET")
    /// Rows of key–value cells per observation.
    public static let table = Representation("TABLE")
    /// Deprecated in 1.5: every value is an event even if it repeats.
    public static let discrete = Representation("DISCRETE")

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

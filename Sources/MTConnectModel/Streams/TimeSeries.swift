/// The values of a `TIME_SERIES` sample: `sampleCount` numbers taken at `sampleRate` Hz.
public struct TimeSeries: Sendable, Hashable, Codable {
    public var sampleCount: Int
    /// Samples per second; nil when the data item's own rate applies.
    public var sampleRate: Double?
    public var values: [Double]

    public init(sampleCount: Int, sampleRate: Double? = nil, values: [Double]) {
        self.sampleCount = sampleCount
        self.sampleRate = sampleRate
        self.values = values
    }
}

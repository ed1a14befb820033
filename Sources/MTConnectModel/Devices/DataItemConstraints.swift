/// The `<Constraints>` of a data item: the values it may take.
public struct DataItemConstraints: Sendable, Hashable, Codable {
    public var minimum: Double?
    public var maximum: Double?
    public var nominal: Double?
    /// Allowed values for events (`<Value>` children).
    public var values: [String]
    /// `<Filter>` children as `(type, value)`, e.g. `MINIMUM_DELTA` 0.5.
    public var filters: [Filter]

    /// A data item filter: report only changes of at least `value` (`MINIMUM_DELTA`) or
    /// at most once per `value` seconds (`PERIOD`).
    public struct Filter: Sendable, Hashable, Codable {
        public var type: String
        public var value: Double

        public init(type: String, value: Double) {
            self.type = type
            self.value = value
        }
    }

    public init(minimum: Double? = nil, maximum: Double? = nil, nominal: Double? = nil,
                values: [String] = [], filters: [Filter] = []) {
        self.minimum = minimum
        self.maximum = maximum
        self.nominal = nominal
        self.values = values
        self.filters = filters
    }
}

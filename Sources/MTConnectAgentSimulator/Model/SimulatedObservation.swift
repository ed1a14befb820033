/// One observation the simulator reports, before it gets a sequence number.
public struct SimulatedObservation: Sendable, Hashable {
    /// What was observed, shaped by the data item's category.
    public enum Value: Sendable, Hashable {
        /// A sample or event value; `UNAVAILABLE` is written as such.
        case value(String)
        /// A condition state (`NORMAL`, `WARNING`, `FAULT`, `UNAVAILABLE`) with its details.
        case condition(level: String, nativeCode: String = "", severity: String = "", qualifier: String = "", text: String = "")
        /// A message event with its native code.
        case message(nativeCode: String, text: String)
    }

    public var dataItemId: String
    public var value: Value
    /// The timestamp written into the document; `nil` means the time it entered the buffer.
    public var timestamp: String?

    public init(dataItemId: String, value: Value, timestamp: String? = nil) {
        self.dataItemId = dataItemId
        self.value = value
        self.timestamp = timestamp
    }
}

/// An observation in the buffer, with the sequence number the simulated agent gave it.
public struct SequencedObservation: Sendable, Hashable {
    public var sequence: UInt64
    public var timestamp: String
    public var observation: SimulatedObservation
    /// The instance of the agent that reported it.
    public var instanceId: UInt64
}

import Foundation

/// A pulse counter moved.
public struct CounterChange: Sendable, Hashable {
    public let channel: Int
    /// The counter now.
    public let value: UInt32
    /// Pulses counted since the previous poll.
    public let delta: UInt64
    /// The counter went backwards (cleared, or the device restarted); ``delta`` counts from 0.
    public let wasReset: Bool
    public let timestamp: Date

    public init(channel: Int, value: UInt32, delta: UInt64, wasReset: Bool, timestamp: Date) {
        self.channel = channel
        self.value = value
        self.delta = delta
        self.wasReset = wasReset
        self.timestamp = timestamp
    }
}

import Foundation

/// Pulses the counter saw and the poller did not.
public struct MissedPulses: Sendable, Hashable {
    public let channel: Int
    /// Rising edges counted by the device but not seen as ``InputEdge``s.
    public let count: UInt64
    public let timestamp: Date

    public init(channel: Int, count: UInt64, timestamp: Date) {
        self.channel = channel
        self.count = count
        self.timestamp = timestamp
    }
}

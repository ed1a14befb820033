import Foundation

/// One input changed level.
public struct InputEdge: Sendable, Hashable {
    /// Which way the level went.
    public enum Direction: Sendable, Hashable {
        case rising, falling
    }

    /// Channel number (0 is the poller's first input).
    public let channel: Int
    public let direction: Direction
    /// When the poll that saw the change completed; the change happened during the period before.
    public let timestamp: Date

    public init(channel: Int, direction: Direction, timestamp: Date) {
        self.channel = channel
        self.direction = direction
        self.timestamp = timestamp
    }
}

/// The internal BSON timestamp type the server uses for replication and cluster times.
/// Applications store dates as ``BSON/datetime(_:)``; this type exists so such values
/// survive a round trip.
public struct BSONTimestamp: Sendable, Hashable {
    /// Seconds since the Unix epoch.
    public let timestamp: UInt32
    /// An ordinal for operations within the same second.
    public let increment: UInt32

    public init(timestamp: UInt32, increment: UInt32) {
        self.timestamp = timestamp
        self.increment = increment
    }
}

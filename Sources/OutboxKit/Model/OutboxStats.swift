import Foundation

/// Counts a store reports for metrics and health checks.
public struct OutboxStats: Sendable, Hashable {
    /// Events waiting to be published, including those in backoff.
    public var pending: Int
    /// Events claimed by a relay and not yet settled.
    public var inFlight: Int
    /// Events delivered and not yet purged.
    public var sent: Int
    /// Dead letters waiting for an operator.
    public var dead: Int
    /// Creation time (CloudEvents `time`) of the oldest pending or in-flight event; `nil` when
    /// there is none. `now - oldestUnsentTime` is the relay's lag.
    public var oldestUnsentTime: Date?

    public init(pending: Int = 0, inFlight: Int = 0, sent: Int = 0, dead: Int = 0, oldestUnsentTime: Date? = nil) {
        self.pending = pending
        self.inFlight = inFlight
        self.sent = sent
        self.dead = dead
        self.oldestUnsentTime = oldestUnsentTime
    }
}

/// What one relay pass did.
public struct OutboxRelayPass: Sendable, Hashable {
    /// Events claimed.
    public var claimed = 0
    /// Events confirmed and marked sent.
    public var sent = 0
    /// Events that failed and will be retried after a backoff.
    public var retried = 0
    /// Events moved to dead letters.
    public var dead = 0
    /// Events handed back unattempted because an older event of their key failed.
    public var released = 0
    /// Settlements that found the lease taken over by another relay (its pass was too slow).
    public var lostLeases = 0

    public init() {}
}

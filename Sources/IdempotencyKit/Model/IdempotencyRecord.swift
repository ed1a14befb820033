import Foundation

/// What a store holds for one key.
public struct IdempotencyRecord: Hashable, Sendable {
    /// Where the record is in its life.
    public enum State: Hashable, Sendable {
        /// A request holds the key and is running.
        case inFlight(IdempotencyLease)
        /// The request finished; this response is replayed.
        case completed(IdempotentResponse)
    }

    /// The scope and key.
    public let id: IdempotencyRecordID
    /// The fingerprint of the request that claimed the key.
    public let fingerprint: RequestFingerprint
    /// In flight or completed.
    public let state: State
    /// When the record stops existing (from the claim for an in-flight record, from the
    /// completion for a completed one).
    public let expiresAt: Date

    /// Creates a record.
    public init(id: IdempotencyRecordID, fingerprint: RequestFingerprint, state: State, expiresAt: Date) {
        self.id = id
        self.fingerprint = fingerprint
        self.state = state
        self.expiresAt = expiresAt
    }

    /// Whether the record still counts at `now`.
    public func isLive(at now: Date) -> Bool {
        now < expiresAt
    }
}

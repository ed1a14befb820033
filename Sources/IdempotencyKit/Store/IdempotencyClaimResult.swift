/// What an atomic claim found.
public enum IdempotencyClaimResult: Hashable, Sendable {
    /// The key was free (or its record had expired); the caller now holds the lease it asked for.
    case claimed
    /// A live record exists; the caller decides between replay, conflict and takeover.
    case existing(IdempotencyRecord)
}

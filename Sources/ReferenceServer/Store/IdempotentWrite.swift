import IdempotencyKit

/// The idempotency side of a write: the record it completes, in the same transaction.
struct IdempotentWrite: Sendable {
    var id: IdempotencyRecordID
    var fingerprint: RequestFingerprint
    /// When the recorded answer may be forgotten.
    var retention: Duration
}

/// What a write with an idempotency key did.
enum IdempotentWriteOutcome<Value: Sendable>: Sendable {
    /// The write ran and committed; `response` is the answer recorded with it (when a key was given).
    case written(Value, response: IdempotentResponse?)
    /// The key had already completed with the same request: nothing was written, this is its answer.
    case replayed(IdempotentResponse)
    /// The key had already completed with another request: nothing was written.
    case keyReused
}

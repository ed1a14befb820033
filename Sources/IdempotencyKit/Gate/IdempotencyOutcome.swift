/// What the gate did with a request; ``IdempotencyHTTPMapping`` turns it into a response.
public enum IdempotencyOutcome: Sendable {
    /// The work ran now and its response was recorded for replay.
    case executed(IdempotentResponse)
    /// An earlier request with this key finished; this is its stored response (HTTP: the same
    /// bytes plus `Idempotent-Replayed: true`).
    case replayed(IdempotentResponse)
    /// An earlier request with this key is still running (HTTP 409 + `Retry-After`).
    case inFlight(retryAfter: Duration)
    /// The key was used before with a different request payload (HTTP 409, or 422).
    case keyReused
    /// The key is missing or malformed (HTTP 400). The error's code says which.
    case invalidKey(IdempotencyError)
    /// The store failed and the policy is ``IdempotencyGateConfiguration/StoreFailurePolicy/reject``;
    /// the work did not run (HTTP 503).
    case storeFailure(IdempotencyError)
    /// The work ran, but its response is not recorded: the store failed under the pass-through
    /// policy, failed while completing, the response was too large, or the lease was lost to a
    /// takeover. A retry may run the work again.
    case executedWithoutRecord(IdempotentResponse, reason: IdempotencyError)
}

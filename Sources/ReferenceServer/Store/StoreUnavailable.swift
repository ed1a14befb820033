/// The backend cannot take writes for a while — the file is locked by another process, the
/// disk is full or failing, the database server is unreachable — and nothing of the request
/// was committed, so the caller may retry (with the same idempotency key) once it is back.
///
/// Backends throw it for such transient conditions only; the HTTP layer answers
/// 503 `store-unavailable` with `Retry-After`, never a 500.
struct StoreUnavailable: Error, CustomStringConvertible {
    /// What the backend reported, for the log; never shown to callers.
    var reason: String

    var description: String { "The store cannot take writes now: \(reason)." }
}

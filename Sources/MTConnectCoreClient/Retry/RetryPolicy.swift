/// When and how long the client waits before sending a request again.
///
/// The default is the consumer's policy: up to 5 attempts, waiting 1 s, 4 s, then 10 s between
/// them, on network errors, 5xx, 429 and in-flight idempotency conflicts (409 with
/// `Retry-After`). A `Retry-After` from the server replaces the scheduled wait (capped at
/// ``maximumRetryAfter``). Every retry of a call sends the same idempotency key.
public struct RetryPolicy: Sendable {
    /// Waits between attempts; the last one repeats when there are more attempts than delays.
    public var delays: [Duration]
    /// Attempts in all, the first included.
    public var maximumAttempts: Int
    /// The longest `Retry-After` honoured.
    public var maximumRetryAfter: Duration
    /// How to wait; tests replace it to run without real delays.
    public var sleep: @Sendable (Duration) async throws -> Void

    /// Creates a policy; the defaults are the consumer's.
    public init(
        delays: [Duration] = [.seconds(1), .seconds(4), .seconds(10)],
        maximumAttempts: Int = 5,
        maximumRetryAfter: Duration = .seconds(60),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.delays = delays
        self.maximumAttempts = max(1, maximumAttempts)
        self.maximumRetryAfter = maximumRetryAfter
        self.sleep = sleep
    }

    /// Never retries.
    public static var none: RetryPolicy { RetryPolicy(maximumAttempts: 1) }

    func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(retryAfter, maximumRetryAfter) }
        guard !delays.isEmpty else { return .zero }
        return delays[min(attempt - 1, delays.count - 1)]
    }
}

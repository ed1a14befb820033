/// A token bucket per caller: `burst` requests at once, refilled at `requestsPerSecond`.
///
/// The default is generous (a single key may sustain 10,000 requests per second), so it only
/// stops a runaway client; plants that share one server between many consumers lower it.
public struct RateLimitConfiguration: Sendable, Equatable {
    /// Sustained requests per second per caller; 0 turns rate limiting off.
    public var requestsPerSecond: Double
    /// Requests a caller may send at once after being idle.
    public var burst: Int

    /// - Parameters:
    ///   - requestsPerSecond: Sustained rate per caller; 0 disables the limit.
    ///   - burst: Bucket size; at least 1.
    public init(requestsPerSecond: Double = 10_000, burst: Int = 20_000) {
        self.requestsPerSecond = max(0, requestsPerSecond)
        self.burst = max(1, burst)
    }

    /// Whether requests are limited at all.
    public var isEnabled: Bool { requestsPerSecond > 0 }
}

import Synchronization
import _MTCSupport

/// Token buckets keyed by caller, in memory (one server instance).
final class RateLimiter: Sendable {
    /// The answer for one request: allowed, or refused with how long to wait.
    enum Decision: Equatable {
        case allowed
        case limited(retryAfterSeconds: Int)
    }

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let configuration: RateLimitConfiguration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let buckets = Mutex<[String: Bucket]>([:])
    /// Beyond this many callers, buckets that have refilled completely are forgotten (they
    /// would start full anyway), so a flood of distinct keys cannot grow memory without bound.
    private let pruneThreshold = 10_000

    init(configuration: RateLimitConfiguration, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.configuration = configuration
        self.now = now
    }

    /// Takes one token from `key`'s bucket when it has one.
    func acquire(_ key: String) -> Decision {
        guard configuration.isEnabled else { return .allowed }
        let rate = configuration.requestsPerSecond
        let capacity = Double(configuration.burst)
        let instant = now()
        return buckets.withLock { buckets in
            if buckets.count > pruneThreshold { prune(&buckets, at: instant) }
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: instant)
            let elapsed = (instant - bucket.updated).timeInterval
            bucket.tokens = min(capacity, bucket.tokens + elapsed * rate)
            bucket.updated = instant
            let decision: Decision
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                decision = .allowed
            } else {
                let wait = (1 - bucket.tokens) / rate
                decision = .limited(retryAfterSeconds: max(1, Int(wait.rounded(.up))))
            }
            buckets[key] = bucket
            return decision
        }
    }

    private func prune(_ buckets: inout [String: Bucket], at instant: ContinuousClock.Instant) {
        let rate = configuration.requestsPerSecond
        let capacity = Double(configuration.burst)
        buckets = buckets.filter { _, bucket in
            bucket.tokens + (instant - bucket.updated).timeInterval * rate < capacity
        }
    }
}

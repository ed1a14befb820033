/// Exponential backoff with jitter between reconnection attempts, so that many followers of
/// one restarted agent do not reconnect in lockstep.
public struct ReconnectBackoff: Sendable, Hashable {
    public var initialDelay: Duration
    public var maximumDelay: Duration
    public var multiplier: Double
    /// The fraction by which a delay is randomly lengthened or shortened (0.2 = ±20 %).
    public var jitter: Double

    public init(initialDelay: Duration = .milliseconds(500), maximumDelay: Duration = .seconds(30), multiplier: Double = 2, jitter: Double = 0.2) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = max(multiplier, 1)
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The delay before attempt `attempt` (0 for the first retry).
    public func delay(forAttempt attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(forAttempt: attempt, using: &generator)
    }

    /// The delay before attempt `attempt`, drawing the jitter from `generator`.
    public func delay(forAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let initial = initialDelay.seconds
        let maximum = maximumDelay.seconds
        let base = min(maximum, initial * Self.power(multiplier, max(attempt, 0)))
        let factor = jitter > 0 ? Double.random(in: (1 - jitter)...(1 + jitter), using: &generator) : 1
        return .nanoseconds(Int64((min(base * factor, maximum) * 1e9).rounded()))
    }

    private static func power(_ base: Double, _ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<min(exponent, 64) {
            result *= base
            if result > 1e9 { break }
        }
        return result
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

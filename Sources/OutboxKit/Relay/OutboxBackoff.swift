/// Exponential backoff with jitter between publish attempts of one event.
///
/// The delay after attempt *n* is `initial × multiplier^(n-1)`, capped at `maximum`, then
/// multiplied by a random factor in `1 - jitter … 1 + jitter` so that events failing together
/// do not all retry at the same instant.
public struct OutboxBackoff: Sendable, Hashable {
    /// Delay after the first failed attempt.
    public var initial: Duration
    /// Upper bound before jitter.
    public var maximum: Duration
    /// Growth per attempt.
    public var multiplier: Double
    /// Relative spread, 0 … 1.
    public var jitter: Double

    public init(initial: Duration = .seconds(1), maximum: Duration = .seconds(300), multiplier: Double = 2, jitter: Double = 0.2) {
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The delay before the attempt after `attempt` failed attempts (1 for the first failure).
    public func delay(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let base = initial.timeInterval * pow(multiplier, Double(max(0, attempt - 1)))
        let capped = min(base, maximum.timeInterval)
        let factor = jitter > 0 ? Double.random(in: (1 - jitter)...(1 + jitter), using: &generator) : 1
        return .milliseconds(Int64((capped * factor * 1000).rounded()))
    }

    /// ``delay(afterAttempt:using:)`` with the system random generator.
    public func delay(afterAttempt attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(afterAttempt: attempt, using: &generator)
    }
}

private func pow(_ base: Double, _ exponent: Double) -> Double {
    // Foundation's pow would do, but attempts are small integers and this keeps the file Foundation-free.
    var result = 1.0
    for _ in 0..<Int(min(exponent, 64)) { result *= base }
    return result
}

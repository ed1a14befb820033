import Foundation

/// Exponential backoff with jitter: how long to wait before the next attempt after a run of
/// failures.
///
/// The wait after *n* failures in a row is ``initial`` × ``multiplier``^(*n* − 1), at most
/// ``maximum``, then lengthened or shortened by a random fraction of up to ``jitter`` so that
/// many clients failing together (followers of one restarted agent, events of one broken
/// endpoint) do not retry at the same instant. Jitter never takes a wait past ``maximum``.
///
/// The value is a policy, not a counter: the caller counts the failures and starts again at 1
/// after a success.
///
/// ```swift
/// var backoff = Backoff(initial: .milliseconds(500), maximum: .seconds(30))
/// backoff.jitter = 0          // the same wait every time, for tests
/// backoff.delay(afterFailures: 1)   // 0.5 s
/// backoff.delay(afterFailures: 4)   // 4 s
/// backoff.delay(afterFailures: 20)  // 30 s
/// ```
public struct Backoff: Sendable, Hashable {
    /// The wait after the first failure.
    public var initial: Duration
    /// The longest wait, jitter included.
    public var maximum: Duration
    /// How much the wait grows with each further failure; values below 1 count as 1.
    public var multiplier: Double
    /// The fraction by which a wait is randomly lengthened or shortened, 0 … 1 (0.2 = ±20 %).
    /// Values outside that range count as the nearest end of it.
    public var jitter: Double

    public init(initial: Duration, maximum: Duration, multiplier: Double = 2, jitter: Double = 0.2) {
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
        self.jitter = jitter
    }

    /// The wait after `failures` failures in a row (1 for the first), with the jitter drawn
    /// from the system's random generator.
    public func delay(afterFailures failures: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(afterFailures: failures, using: &generator)
    }

    /// The wait after `failures` failures in a row (1 for the first), with the jitter drawn
    /// from `generator`, so that a seeded generator gives the same waits on every run.
    public func delay(afterFailures failures: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        guard initial > .zero, maximum > .zero else { return .zero }
        let growth = pow(multiplier >= 1 ? multiplier : 1, Double(max(failures, 1) - 1))
        // Compared as seconds first: an unbounded growth must not reach Duration arithmetic.
        let unjittered = initial.timeInterval * growth >= maximum.timeInterval ? maximum : initial * growth
        let spread = jitter.isNaN ? 0 : min(max(jitter, 0), 1)
        guard spread > 0 else { return unjittered }
        return min(unjittered * Double.random(in: (1 - spread)...(1 + spread), using: &generator), maximum)
    }
}

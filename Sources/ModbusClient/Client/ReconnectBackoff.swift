/// How long a client waits before dialling a device again after a failed connection attempt.
///
/// The wait doubles after each consecutive failure, from ``initial`` up to ``maximum``;
/// a successful connection resets it. Requests made while waiting fail at once with
/// ``ModbusError/Kind/connectionFailed`` instead of piling up on an unreachable device.
public struct ReconnectBackoff: Sendable, Hashable {
    /// The wait after the first failed attempt.
    public var initial: Duration
    /// The longest wait between attempts.
    public var maximum: Duration

    public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(5)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The wait after `failures` consecutive failed attempts (1 or more).
    public func delay(afterFailures failures: Int) -> Duration {
        var delay = initial
        for _ in 1..<max(failures, 1) where delay < maximum {
            delay *= 2
        }
        return min(delay, maximum)
    }
}

import Foundation

extension Duration {
    /// The duration in seconds, as Foundation counts time.
    @inlinable
    package var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Whole milliseconds, the remainder dropped (timeouts and intervals C libraries and
    /// query strings take).
    @inlinable
    package var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Whole milliseconds, rounded up, so that a pending wait never reads as 0 ms.
    @inlinable
    package var millisecondsRoundedUp: Int64 {
        let (seconds, attoseconds) = components
        let (whole, remainder) = attoseconds.quotientAndRemainder(dividingBy: 1_000_000_000_000_000)
        return seconds * 1000 + whole + (remainder > 0 ? 1 : 0)
    }

    /// Whole nanoseconds, the remainder dropped.
    @inlinable
    package var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

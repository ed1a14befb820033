import Foundation

extension Date {
    /// Milliseconds since 1970, rounded down: the unit the stores persist.
    @inlinable
    package var unixMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    /// The date `unixMilliseconds` milliseconds after 1970.
    @inlinable
    package init(unixMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(unixMilliseconds) / 1000)
    }

    /// This date as a store keeps it, to the millisecond.
    @inlinable
    package var truncatedToMilliseconds: Date { Date(unixMilliseconds: unixMilliseconds) }

    /// This date moved by a Swift `Duration`.
    @inlinable
    package func adding(_ duration: Duration) -> Date {
        addingTimeInterval(duration.timeInterval)
    }
}

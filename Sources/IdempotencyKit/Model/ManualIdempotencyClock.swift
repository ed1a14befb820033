import Foundation
import Synchronization
import _MTCSupport

/// A clock that moves only when told to, for tests of leases and expiry.
public final class ManualIdempotencyClock: IdempotencyClock {
    private let current: Mutex<Date>

    /// Creates a clock that starts at `start`.
    public init(start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    public var now: Date {
        current.withLock { $0 }
    }

    /// Moves the clock forward (or back, with a negative duration).
    public func advance(by duration: Duration) {
        current.withLock { $0 = $0.adding(duration) }
    }
}

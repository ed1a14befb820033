import Foundation

/// The wall clock that judges leases and record lifetimes.
///
/// Expiry is decided from this clock, not only by a backend's own timers, so tests can move
/// time and several servers agree on what "expired" means.
public protocol IdempotencyClock: Sendable {
    /// The current time.
    var now: Date { get }
}

/// The system's wall clock.
public struct SystemIdempotencyClock: IdempotencyClock {
    /// Creates the system clock.
    public init() {}

    public var now: Date {
        Date()
    }
}

import Logging
import ServiceLifecycle

/// Deletes expired records at a fixed interval until graceful shutdown.
///
/// Expired records are already ignored by every store; sweeping only returns their space.
/// Run one sweeper per store, in the application's `ServiceGroup`; several instances sweeping
/// the same SQLite file or Redis server are harmless.
public struct IdempotencyExpirySweeper<Store: IdempotencyStore>: Service {
    private let store: Store
    private let interval: Duration
    private let clock: any IdempotencyClock
    private let logger: Logger

    /// Creates a sweeper.
    ///
    /// - Parameters:
    ///   - store: The store to sweep.
    ///   - interval: The pause between sweeps. Default: 10 minutes.
    ///   - clock: The clock that decides what has expired; use the gate's.
    ///   - logger: Receives the number of records removed and sweep failures.
    public init(
        store: Store,
        interval: Duration = .seconds(600),
        clock: any IdempotencyClock = SystemIdempotencyClock(),
        logger: Logger
    ) {
        self.store = store
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    /// Removes the records expired now, once.
    ///
    /// - Returns: The number of records removed.
    @discardableResult
    public func sweep() async throws(IdempotencyError) -> Int {
        try await store.removeExpired(now: clock.now)
    }

    /// Sweeps, then waits `interval`, until the task is cancelled or a graceful shutdown begins.
    /// A failed sweep is logged and retried at the next interval; it never stops the service.
    public func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let removed = try await sweep()
                    if removed > 0 {
                        logger.debug("Removed expired idempotency records", metadata: ["count": "\(removed)"])
                    }
                } catch {
                    logger.warning("Sweeping expired idempotency records failed; retrying at the next interval: \(error)")
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}

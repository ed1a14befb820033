import Logging
import OutboxKit
import ServiceLifecycle

/// Runs the outbox relay and, on graceful shutdown, drains it: the HTTP server and the machine
/// sources stop before it (services stop in reverse order), so the last requests' events are
/// already committed, and one more round of passes publishes them before the process ends.
struct RelayService<Store: OutboxStore>: Service {
    let relay: OutboxRelay<Store>
    let state: ServiceState
    let drainLimit: Duration
    let logger: Logger

    func run() async throws {
        state.set(true)
        defer { state.set(false) }
        try await relay.run()
        guard Task.isShuttingDownGracefully else { return }
        await drain()
    }

    /// Publishes until a pass claims nothing (events waiting for a retry backoff are left for
    /// the next start), the publisher delivers nothing (it is down: the events stay pending
    /// for the next start) or `drainLimit` passes.
    private func drain() async {
        let deadline = ContinuousClock.now + drainLimit
        var published = 0
        while ContinuousClock.now < deadline, !Task.isCancelled {
            guard let pass = try? await relay.runOnce(), pass.claimed > 0, pass.sent > 0 else { break }
            published += pass.sent
        }
        logger.info("Outbox relay drained for shutdown", metadata: ["published": "\(published)"])
    }
}

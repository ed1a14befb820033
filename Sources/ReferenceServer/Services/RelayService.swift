import OutboxKit
import ServiceLifecycle

/// The outbox relay with the readiness flag `/readyz` reads. The relay drains itself on graceful
/// shutdown (``OutboxRelayConfiguration/shutdownDrainLimit``); the HTTP server and the machine
/// sources stop before it (services stop in reverse order), so the last requests' events are
/// committed and published before the process ends.
struct RelayService<Store: OutboxStore>: Service {
    let relay: OutboxRelay<Store>
    let state: ServiceState

    func run() async throws {
        state.set(true)
        defer { state.set(false) }
        try await relay.run()
    }
}

import ServiceLifecycle
import Synchronization

/// Whether a service is inside its `run()`.
final class ServiceState: Sendable {
    private let running = Mutex(false)

    var isRunning: Bool { running.withLock { $0 } }

    func set(_ value: Bool) { running.withLock { $0 = value } }
}

/// Runs a service and records in a ``ServiceState`` whether it is running.
struct TrackedService: Service {
    let service: any Service
    let state: ServiceState

    init(_ service: any Service, state: ServiceState) {
        self.service = service
        self.state = state
    }

    func run() async throws {
        state.set(true)
        defer { state.set(false) }
        try await service.run()
    }
}

import Synchronization

/// Whether a service is inside its `run()`.
final class ServiceState: Sendable {
    private let running = Mutex(false)

    var isRunning: Bool { running.withLock { $0 } }

    func set(_ value: Bool) { running.withLock { $0 = value } }
}

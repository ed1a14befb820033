import Synchronization

/// When a connection last made progress, so a watchdog can tell a silent agent from a busy
/// consumer: time spent waiting for the consumer does not count as silence.
final class ActivityMonitor: Sendable {
    private struct State {
        var lastActivity: ContinuousClock.Instant
        var paused = 0
    }

    private let state = Mutex(State(lastActivity: .now))

    func touch() {
        state.withLock { $0.lastActivity = .now }
    }

    /// Runs `body` (typically a send to a slow consumer) without it counting as silence.
    func excluding<T>(_ body: () async throws -> T) async rethrows -> T {
        state.withLock { $0.paused += 1 }
        defer {
            state.withLock { state in
                state.paused -= 1
                state.lastActivity = .now
            }
        }
        return try await body()
    }

    func isSilent(longerThan timeout: Duration) -> Bool {
        state.withLock { $0.paused == 0 && ContinuousClock.now - $0.lastActivity > timeout }
    }

    /// Runs `body` and fails with `error` once `monitor` has seen no activity for `timeout`.
    static func withWatchdog<T: Sendable>(
        timeout: Duration, error: AgentFollowerError,
        _ body: @escaping @Sendable (ActivityMonitor) async throws -> T
    ) async throws -> T {
        let monitor = ActivityMonitor()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body(monitor) }
            group.addTask {
                let tick = max(min(timeout / 4, .milliseconds(250)), .milliseconds(5))
                while true {
                    try await Task.sleep(for: tick)
                    if monitor.isSilent(longerThan: timeout) { throw error }
                }
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            throw CancellationError()
        }
    }
}

import MTConnectAgent
import MTConnectModel
import Synchronization

/// Collects what a follower reports so a test can wait for a condition with a deadline.
final class EventRecorder: Sendable {
    struct Delivered: Hashable, CustomStringConvertible {
        var instanceId: UInt64
        var sequence: UInt64
        var dataItemId: String
        var description: String { "\(instanceId)/\(sequence)/\(dataItemId)" }
    }

    private let state = Mutex<(events: [AgentEvent], delivered: [Delivered], instance: UInt64)>(([], [], 0))
    private let finished = Mutex(false)

    /// Whether the event sequence has ended, normally or with an error.
    var isFinished: Bool { finished.withLock { $0 } }

    func finish() {
        finished.withLock { $0 = true }
    }

    func record(_ event: AgentEvent) {
        state.withLock { state in
            state.events.append(event)
            switch event {
            case .connected(let connection): state.instance = connection.instanceId
            case .agentRestarted(_, let instance): state.instance = instance
            case .observation(let observation):
                state.delivered.append(Delivered(instanceId: state.instance, sequence: observation.sequence, dataItemId: observation.dataItemId))
            default: break
            }
        }
    }

    var events: [AgentEvent] { state.withLock { $0.events } }
    var delivered: [Delivered] { state.withLock { $0.delivered } }
    var observations: [Observation] {
        events.compactMap { if case .observation(let observation) = $0 { observation } else { nil } }
    }
    var gaps: [SequenceGap] {
        events.compactMap { if case .gap(let gap) = $0 { gap } else { nil } }
    }
    var disconnections: [AgentFollowerError] {
        events.compactMap { if case .disconnected(let reason, _) = $0 { reason } else { nil } }
    }

    /// Waits until `condition` holds, failing after `timeout` with what was recorded.
    func wait(
        for what: String, timeout: Duration = .seconds(15),
        until condition: (EventRecorder) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition(self) {
            guard ContinuousClock.now < deadline else {
                let summary = events.suffix(8).map { "\($0)".prefix(160) }.joined(separator: "\n  ")
                throw TestTimeout(description: "timed out after \(timeout) waiting for \(what); \(delivered.count) observations, last events:\n  \(summary)")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Waits until the observation with this instance and sequence has arrived.
    func waitForSequence(_ sequence: UInt64, instance: UInt64, timeout: Duration = .seconds(15)) async throws {
        try await wait(for: "sequence \(sequence) of instance \(instance)", timeout: timeout) { recorder in
            recorder.delivered.contains { $0.instanceId == instance && $0.sequence >= sequence }
        }
    }
}

struct TestTimeout: Error, CustomStringConvertible {
    var description: String
}

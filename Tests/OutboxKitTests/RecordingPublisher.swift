import Foundation
import OutboxKit
import Synchronization

/// A publisher for relay tests: records every delivery, fails the events `failure` picks, and
/// notices when the same event is being published by two relays at once.
final class RecordingPublisher: OutboxPublisher {
    struct State {
        var delivered: [OutboxEvent] = []
        var attempts: [ULID: Int] = [:]
        var publishing: Set<ULID> = []
        var concurrentDuplicates: [ULID] = []
    }

    let state = Mutex(State())
    private let failure: @Sendable (OutboxEvent, Int) -> OutboxPublishFailure?
    private let delay: Duration

    init(delay: Duration = .zero, failure: @escaping @Sendable (OutboxEvent, Int) -> OutboxPublishFailure? = { _, _ in nil }) {
        self.delay = delay
        self.failure = failure
    }

    func publish(_ events: [OutboxEvent]) async -> [OutboxDelivery] {
        state.withLock { state in
            for event in events where !state.publishing.insert(event.id).inserted {
                state.concurrentDuplicates.append(event.id)
            }
        }
        if delay > .zero { try? await Task.sleep(for: delay) }
        return state.withLock { state in
            events.map { event in
                state.publishing.remove(event.id)
                let attempt = state.attempts[event.id, default: 0] + 1
                state.attempts[event.id] = attempt
                if let failure = failure(event, attempt) { return .failed(failure) }
                state.delivered.append(event)
                return .delivered
            }
        }
    }

    var delivered: [OutboxEvent] { state.withLock { $0.delivered } }
    var concurrentDuplicates: [ULID] { state.withLock { $0.concurrentDuplicates } }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
func eventually(timeout: Duration = .seconds(10), _ condition: @Sendable () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0.addTimeInterval(seconds) }
    }
}

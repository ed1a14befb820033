import Foundation
import Synchronization

/// Fans events out to subscribers in the same process: the embedded default when there is no broker.
///
/// Every subscriber receives every published event, in publish order. An event counts as
/// delivered once it is handed to the subscribers present at that moment; an event published
/// while nobody listens is delivered to nobody. Subscriber streams buffer without bound, so a
/// subscriber that stops reading should cancel its iteration.
public final class InProcessPublisher: OutboxPublisher {
    private struct State {
        var subscribers: [UInt64: AsyncStream<OutboxEvent>.Continuation] = [:]
        var nextID: UInt64 = 0
        var isFinished = false
    }

    private let state = Mutex(State())

    public init() {}

    /// A stream of every event published from now on; it ends when ``finish()`` is called.
    public func subscribe() -> AsyncStream<OutboxEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: OutboxEvent.self)
        let id: UInt64? = state.withLock { state in
            guard !state.isFinished else { return nil }
            state.nextID += 1
            state.subscribers[state.nextID] = continuation
            return state.nextID
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// The number of live subscriptions.
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    public func publish(_ events: [OutboxEvent]) async -> [OutboxDelivery] {
        // Yield under the lock so that two concurrent publishers cannot interleave per subscriber.
        state.withLock { state in
            guard !state.isFinished else {
                return Array(repeating: .failed(OutboxPublishFailure("The in-process publisher was finished.")), count: events.count)
            }
            for event in events {
                for continuation in state.subscribers.values {
                    continuation.yield(event)
                }
            }
            return Array(repeating: .delivered, count: events.count)
        }
    }

    /// Ends every subscription; later publishes fail (and are retried by the relay).
    public func finish() {
        let continuations = state.withLock { state in
            state.isFinished = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for continuation in continuations { continuation.finish() }
    }
}

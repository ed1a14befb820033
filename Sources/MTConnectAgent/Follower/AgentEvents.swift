import AsyncAlgorithms

/// The events of an ``AgentFollower``, in order. Iterate it once, while ``AgentFollower/run()``
/// runs; the follower waits for the consumer, so a slow consumer slows the follower instead
/// of growing a buffer. It ends when `run()` returns, and throws an ``AgentFollowerError``
/// when following failed for good.
public struct AgentEvents: AsyncSequence, Sendable {
    public typealias Element = AgentEvent

    let channel: AsyncThrowingChannel<[AgentEvent], any Error>

    public struct AsyncIterator: AsyncIteratorProtocol {
        var upstream: AsyncThrowingChannel<[AgentEvent], any Error>.AsyncIterator
        var batch: [AgentEvent] = []
        var index = 0

        public mutating func next() async throws -> AgentEvent? {
            while index == batch.count {
                guard let next = try await upstream.next() else { return nil }
                batch = next
                index = 0
            }
            defer { index += 1 }
            return batch[index]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(upstream: channel.makeAsyncIterator())
    }
}

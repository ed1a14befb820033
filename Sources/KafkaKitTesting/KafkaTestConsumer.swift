import KafkaKit
import Synchronization
import _MTCSupport

/// Reads every partition of a topic from the beginning, on a thread of its own, into memory.
/// Meant for tests: `assign` instead of a consumer group, so reading starts at once.
public final class KafkaTestConsumer: Sendable {
    private let jobs = DedicatedThread<RDKafkaJob<RDKafkaConsumerContext>>()
    private let received = ReceivedMessages()

    /// Starts reading `partitions` partitions of `topic`.
    public init(bootstrapServers: String, topic: String, partitions: Int) async throws {
        let jobs = self.jobs
        let received = self.received
        try await withCheckedThrowingContinuation { (started: CheckedContinuation<Void, any Error>) in
            jobs.start(name: "kafka-test-consumer") {
                let context = RDKafkaConsumerContext()
                do {
                    try context.start(bootstrapServers: bootstrapServers, topic: topic, partitions: partitions)
                    started.resume()
                } catch {
                    context.destroy()
                    started.resume(throwing: error)
                    return
                }
                while !context.isTerminated {
                    let messages = context.poll(timeoutMilliseconds: 20)
                    if !messages.isEmpty { received.value.withLock { $0 += messages } }
                    for job in jobs.takeAll(waitingUpTo: .zero) { job(context) }
                }
            }
        }
    }

    /// Everything read so far, in the order it arrived (per partition: offset order).
    public var messages: [KafkaConsumedMessage] { received.value.withLock { $0 } }

    deinit {
        _ = jobs.submitLast { context in
            context.destroy()
            context.isTerminated = true
        }
    }
}

/// Shared between the consumer thread and the facade.
private final class ReceivedMessages: Sendable {
    let value = Mutex<[KafkaConsumedMessage]>([])
}

/// A message read by ``KafkaTestConsumer``.
public struct KafkaConsumedMessage: Sendable, Hashable {
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    public let key: [UInt8]
    public let value: [UInt8]
    public let contentType: String?
}

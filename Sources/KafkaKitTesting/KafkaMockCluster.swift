import KafkaKit
import _MTCSupport

/// librdkafka's in-process mock Kafka cluster: real brokers speaking the Kafka protocol on
/// loopback, with error injection and brokers that can be taken down and up. For tests and
/// benchmarks; it keeps messages in memory.
public final class KafkaMockCluster: Sendable {
    private let jobs = DedicatedThread<RDKafkaJob<RDKafkaMockContext>>()

    /// The `bootstrap.servers` list of the cluster's brokers.
    public let bootstrapServers: String

    /// Starts a cluster of `brokers` brokers (ids 1 … `brokers`).
    public init(brokers: Int = 3) async throws {
        let jobs = self.jobs
        bootstrapServers = try await withCheckedThrowingContinuation { (started: CheckedContinuation<String, any Error>) in
            jobs.start(name: "kafka-mock-cluster") {
                let context = RDKafkaMockContext()
                do {
                    started.resume(returning: try context.start(brokers: brokers))
                } catch {
                    started.resume(throwing: error)
                    return
                }
                while !context.isTerminated {
                    for job in jobs.takeAll(waitingUpTo: .milliseconds(100)) { job(context) }
                }
            }
        }
    }

    /// Creates a topic.
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) async throws {
        try await run { context in try context.createTopic(name, partitions: partitions, replicationFactor: replicationFactor) }
    }

    /// Makes the next Produce requests fail with these error codes, in order
    /// (``KafkaError/Code/transport`` drops the connection instead).
    public func failNextProduceRequests(with codes: [KafkaError.Code]) async throws {
        try await run { context in context.pushProduceErrors(codes) }
    }

    /// Disconnects a broker (`-1` for all) and refuses new connections until ``startBroker(_:)``.
    public func stopBroker(_ id: Int32 = -1) async throws {
        try await run { context in try context.setBroker(id, up: false) }
    }

    /// Lets a stopped broker (`-1` for all) accept connections again.
    public func startBroker(_ id: Int32 = -1) async throws {
        try await run { context in try context.setBroker(id, up: true) }
    }

    private func run(_ body: @escaping @Sendable (RDKafkaMockContext) throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            jobs.run { context in
                do {
                    try body(context)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    deinit {
        _ = jobs.submitLast { context in
            context.destroy()
            context.isTerminated = true
        }
    }
}

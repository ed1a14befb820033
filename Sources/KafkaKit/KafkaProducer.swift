import Logging
import _MTCSupport

/// An idempotent Kafka producer whose librdkafka handle lives on a thread of its own.
///
/// ``send(_:)`` returns when every message has its delivery report: a success with partition
/// and offset, or the error that librdkafka gave up with (after `message.timeout.ms`). If the
/// producer hits a fatal error (``isFatal``) it cannot be used again: create a new one.
public final class KafkaProducer: Sendable {
    private let jobs = RDKafkaProducerThread.Jobs()
    private let fatalErrorBox = FatalErrorBox()

    /// Creates the producer and its thread.
    ///
    /// - Throws: ``KafkaError`` when librdkafka rejects an option.
    public init(configuration: KafkaProducerConfiguration, logger: Logger) async throws {
        let jobs = self.jobs
        let fatalError = self.fatalErrorBox
        try await withCheckedThrowingContinuation { (started: CheckedContinuation<Void, any Error>) in
            RDKafkaProducerThread.start(configuration: configuration, logger: logger, fatalError: fatalError, jobs: jobs, started: started)
        }
    }

    /// Produces `messages` (in order, per partition) and returns one result per message.
    public func send(_ messages: [KafkaOutgoingMessage]) async -> [Result<KafkaDeliveryReport, KafkaError>] {
        await withCheckedContinuation { continuation in
            jobs.run { context in context.produce(messages, continuation: continuation) }
        }
    }

    /// The fatal error this producer hit, if any; a producer with one must be replaced.
    public var fatalError: KafkaError? { fatalErrorBox.value.withLock { $0 } }

    /// Whether the producer hit a fatal error and must be replaced.
    public var isFatal: Bool { fatalError != nil }

    /// Waits up to `timeout` for queued messages, fails the rest, and destroys the handle.
    /// Returns the number of messages that were still undelivered. Idempotent.
    @discardableResult
    public func shutdown(flushTimeout: Duration = .seconds(10)) async -> Int {
        await withCheckedContinuation { continuation in
            jobs.run { context in
                continuation.resume(returning: RDKafkaProducerThread.stop(context, flushTimeout: flushTimeout))
            }
        }
    }

    /// Raises a fatal error as librdkafka would on a broken idempotence sequence, for tests of recovery.
    package func raiseFatalErrorForTesting() async {
        await withCheckedContinuation { continuation in
            jobs.run { context in
                context.raiseFatalErrorForTesting()
                continuation.resume()
            }
        }
    }

    deinit {
        _ = jobs.submitLast { context in
            _ = RDKafkaProducerThread.stop(context, flushTimeout: .zero)
            context.isTerminated = true
        }
    }
}

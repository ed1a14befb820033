internal import KafkaKit
import Logging
import OutboxKit
import ServiceLifecycle
import Synchronization

/// Publishes outbox events to a Kafka topic: key = partition key, value = CloudEvents structured
/// JSON, header `content-type: application/cloudevents+json`.
///
/// An event counts as delivered only when its delivery report succeeds. When the idempotent
/// producer hits a fatal error, the publisher replaces it with a new one and reports the affected
/// events as failed, so the relay sends them again. Run it in the same `ServiceGroup` as the
/// relay, before the relay in the list (services shut down in reverse order, so the relay stops
/// first): on graceful shutdown it flushes.
public final class KafkaOutboxPublisher: OutboxPublisher, Service {
    private let configuration: KafkaOutboxPublisherConfiguration
    private let logger: Logger
    private let producer: Mutex<KafkaProducer?>
    private let isShutDown = Mutex(false)

    /// Creates the publisher and connects its producer.
    ///
    /// - Throws: An error naming the option when librdkafka rejects one.
    public init(configuration: KafkaOutboxPublisherConfiguration, logger: Logger) async throws {
        self.configuration = configuration
        self.logger = logger
        self.producer = Mutex(try await KafkaProducer(configuration: configuration.producer, logger: logger))
    }

    public func publish(_ events: [OutboxEvent]) async -> [OutboxDelivery] {
        guard let producer = await currentProducer() else {
            return Array(repeating: .failed(OutboxPublishFailure("The Kafka publisher is shut down.")), count: events.count)
        }
        let messages = events.map { event in
            KafkaOutgoingMessage(
                topic: configuration.topic,
                key: Array(event.partitionKey.utf8),
                value: CloudEventJSON.encode(event),
                contentType: CloudEventJSON.contentType
            )
        }
        let reports = await producer.send(messages)
        return reports.map { report in
            switch report {
            case .success: .delivered
            case .failure(let error): .failed(OutboxPublishFailure(error.description, isPermanent: error.isPermanent))
            }
        }
    }

    /// Waits for graceful shutdown, then flushes and closes the producer.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Flushes queued messages (up to the configured timeout) and closes the producer.
    public func shutdown() async {
        isShutDown.withLock { $0 = true }
        guard let producer = producer.withLock({ $0 }) else { return }
        let undelivered = await producer.shutdown(flushTimeout: configuration.flushTimeout)
        if undelivered > 0 {
            logger.warning("Kafka publisher shut down with undelivered messages; the outbox will resend them", metadata: ["count": "\(undelivered)"])
        }
    }

    /// Forces the current producer into a fatal error, for tests of the recovery path.
    package func raiseFatalErrorForTesting() async {
        await producer.withLock { $0 }?.raiseFatalErrorForTesting()
    }

    /// The live producer, replacing one that hit a fatal error.
    private func currentProducer() async -> KafkaProducer? {
        guard !isShutDown.withLock({ $0 }), let current = producer.withLock({ $0 }) else { return nil }
        guard let fatal = current.fatalError else { return current }
        logger.error("Kafka producer hit a fatal error; recreating it", metadata: ["error": "\(fatal)"])
        _ = await current.shutdown(flushTimeout: .zero)
        do {
            let replacement = try await KafkaProducer(configuration: configuration.producer, logger: logger)
            // Another publish may have replaced it meanwhile; keep the first replacement.
            let winner = producer.withLock { live in
                if live === current { live = replacement }
                return live
            }
            if winner !== replacement { await replacement.shutdown(flushTimeout: .zero) }
            return winner
        } catch {
            logger.error("Kafka producer could not be recreated", metadata: ["error": "\(error)"])
            return nil
        }
    }
}

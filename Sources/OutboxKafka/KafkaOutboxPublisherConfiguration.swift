import KafkaKit

/// Where and how ``KafkaOutboxPublisher`` publishes.
public struct KafkaOutboxPublisherConfiguration: Sendable {
    /// The topic every event goes to.
    public var topic: String
    /// The producer's connection and librdkafka options. Idempotence is on by default.
    public var producer: KafkaProducerConfiguration
    /// How long graceful shutdown waits for queued messages.
    public var flushTimeout: Duration

    public init(topic: String, producer: KafkaProducerConfiguration, flushTimeout: Duration = .seconds(10)) {
        self.topic = topic
        self.producer = producer
        self.flushTimeout = flushTimeout
    }
}

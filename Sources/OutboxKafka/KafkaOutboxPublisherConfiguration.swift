internal import KafkaKit

/// Where and how ``KafkaOutboxPublisher`` publishes.
///
/// Only plain values, so an application configures the publisher without importing the
/// librdkafka wrapper underneath it.
public struct KafkaOutboxPublisherConfiguration: Sendable {
    /// The topic every event goes to.
    public var topic: String
    /// `host:port` list of brokers to bootstrap from.
    public var bootstrapServers: String
    /// `enable.idempotence`: no duplicates or reordering from the producer's own retries.
    public var idempotent: Bool
    /// `message.timeout.ms`: how long librdkafka retries a message before the publisher reports
    /// it failed (the outbox then sends it again on a later pass).
    public var messageTimeout: Duration
    /// `linger.ms`: how long the producer waits to fill a batch.
    public var linger: Duration
    /// Any other librdkafka property (`security.protocol`, `sasl.*`, `compression.type`, …),
    /// applied last.
    public var options: [String: String]
    /// How long graceful shutdown waits for queued messages.
    public var flushTimeout: Duration

    /// - Parameters:
    ///   - topic: The topic every event goes to.
    ///   - bootstrapServers: `host:port` list of brokers.
    ///   - idempotent: `enable.idempotence`; on by default.
    ///   - messageTimeout: `message.timeout.ms`.
    ///   - linger: `linger.ms`.
    ///   - options: Other librdkafka properties, applied last.
    ///   - flushTimeout: How long graceful shutdown waits for queued messages.
    public init(
        topic: String,
        bootstrapServers: String,
        idempotent: Bool = true,
        messageTimeout: Duration = .seconds(30),
        linger: Duration = .milliseconds(5),
        options: [String: String] = [:],
        flushTimeout: Duration = .seconds(10)
    ) {
        self.topic = topic
        self.bootstrapServers = bootstrapServers
        self.idempotent = idempotent
        self.messageTimeout = messageTimeout
        self.linger = linger
        self.options = options
        self.flushTimeout = flushTimeout
    }

    /// The producer's configuration.
    var producer: KafkaProducerConfiguration {
        KafkaProducerConfiguration(
            bootstrapServers: bootstrapServers, idempotent: idempotent, messageTimeout: messageTimeout, linger: linger, options: options
        )
    }
}

import _MTCSupport

/// How a ``KafkaProducer`` connects and delivers.
public struct KafkaProducerConfiguration: Sendable {
    /// `host:port` list of brokers to bootstrap from.
    public var bootstrapServers: String
    /// `enable.idempotence`: no duplicates or reordering from the producer's own retries.
    public var idempotent: Bool
    /// `message.timeout.ms`: how long librdkafka retries a message before reporting it failed.
    public var messageTimeout: Duration
    /// `linger.ms`: how long to wait to fill a batch.
    public var linger: Duration
    /// Any other librdkafka property (`security.protocol`, `compression.type`, …), applied last.
    public var options: [String: String]

    public init(
        bootstrapServers: String,
        idempotent: Bool = true,
        messageTimeout: Duration = .seconds(30),
        linger: Duration = .milliseconds(5),
        options: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.idempotent = idempotent
        self.messageTimeout = messageTimeout
        self.linger = linger
        self.options = options
    }

    var properties: [(String, String)] {
        var properties: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers),
            ("enable.idempotence", idempotent ? "true" : "false"),
            ("message.timeout.ms", "\(messageTimeout.wholeMilliseconds)"),
            ("linger.ms", "\(linger.wholeMilliseconds)"),
            // Log lines go to the main queue, which our own thread polls: no Swift code ever
            // runs on librdkafka's internal threads.
            ("log.queue", "true"),
        ]
        properties += options.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return properties
    }
}

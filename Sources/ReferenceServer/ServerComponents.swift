import Foundation
import IdempotencyKit
import KafkaKit
import Logging
import OutboxKafka
import OutboxKit
import Prometheus
import ServiceLifecycle

/// Everything the handlers and services share, built once per server run.
struct ServerComponents: Sendable {
    let configuration: ReferenceServerConfiguration
    let logger: Logger
    let database: ServerDatabase
    let metrics: ServerMetrics
    let tokens: TokenIssuer
    let apiKeys: APIKeyStore
    let machines: MachineStore
    let telemetry: TelemetryStore
    let outbox: SQLiteOutboxStore
    let publisher: any OutboxPublisher
    /// The Kafka publisher when ``ReferenceServerConfiguration/kafkaBrokers`` is set; it flushes
    /// on shutdown, after the relay has drained.
    let kafkaPublisher: KafkaOutboxPublisher?
    let relay: OutboxRelay<SQLiteOutboxStore>
    /// Whether the relay runs, for `/readyz`.
    let relayState: ServiceState
    let ingest: IngestPipeline
    let extEvents: ExtEventStore
    let idempotencyStore: SQLiteIdempotencyStore
    let idempotency: IdempotencyMiddleware
    let sources: MachineSourceSupervisor
    let retention: RetentionService
    let rateLimiter: RateLimiter

    init(
        configuration: ReferenceServerConfiguration,
        database: ServerDatabase,
        publisher: (any OutboxPublisher)?,
        metricsRegistry: PrometheusCollectorRegistry?,
        logger: Logger
    ) async throws {
        self.configuration = configuration
        self.logger = logger
        self.database = database
        metrics = ServerMetrics(registry: metricsRegistry ?? PrometheusCollectorRegistry())
        tokens = try await TokenIssuer(configuration: configuration)
        apiKeys = APIKeyStore(database: database)
        machines = MachineStore(database: database)
        telemetry = TelemetryStore(database: database)
        outbox = try await SQLiteOutboxStore.open(path: configuration.databasePath, logger: logger)
        if publisher == nil, let brokers = configuration.kafkaBrokers {
            let kafka = try await KafkaOutboxPublisher(
                configuration: KafkaOutboxPublisherConfiguration(
                    topic: configuration.kafkaTopic,
                    // A pass in progress waits for its delivery reports, and shutdown waits for
                    // the pass: bounding a message's time to the grace period bounds shutdown
                    // with Kafka down. An undelivered event stays in the outbox for a later pass.
                    producer: KafkaProducerConfiguration(
                        bootstrapServers: brokers, messageTimeout: configuration.shutdownGracePeriod, options: configuration.kafkaOptions
                    ),
                    flushTimeout: configuration.shutdownGracePeriod
                ),
                logger: logger
            )
            kafkaPublisher = kafka
            self.publisher = kafka
        } else {
            kafkaPublisher = nil
            self.publisher = publisher ?? InProcessPublisher()
        }
        relay = OutboxRelay(
            store: outbox,
            publisher: self.publisher,
            configuration: OutboxRelayConfiguration(owner: "mtc-server-\(UUID().uuidString.prefix(8))", metricsPrefix: "mtc_outbox_relay"),
            logger: logger,
            metricsFactory: PrometheusMetricsFactory(registry: metrics.registry)
        )
        relayState = ServiceState()
        ingest = IngestPipeline(database: database, outbox: outbox, metrics: metrics, logger: logger)
        extEvents = ExtEventStore(database: database, outbox: outbox)
        idempotencyStore = try await SQLiteIdempotencyStore.open(path: configuration.databasePath, logger: logger)
        var gateConfiguration = IdempotencyGateConfiguration()
        gateConfiguration.leaseDuration = configuration.idempotencyLease
        gateConfiguration.recordTTL = configuration.idempotencyRetention
        var mapping = IdempotencyHTTPMapping()
        mapping.keyReusedStatus = configuration.idempotencyKeyReusedStatus
        idempotency = IdempotencyMiddleware(
            gate: IdempotencyGate(
                store: idempotencyStore, configuration: gateConfiguration,
                metricsFactory: PrometheusMetricsFactory(registry: metrics.registry), logger: logger
            ),
            mapping: mapping
        )
        sources = MachineSourceSupervisor(machines: machines, ingest: ingest, logger: logger)
        retention = RetentionService(
            telemetry: telemetry, idempotency: idempotencyStore, outbox: outbox, metrics: metrics,
            configuration: configuration, logger: logger
        )
        rateLimiter = RateLimiter(configuration: configuration.rateLimit)
    }

    /// Hummingbird runs these before its HTTP server in one ServiceGroup, which shuts services
    /// down in reverse order: the server drains in-flight requests first, then the sources
    /// stop, then the relay drains the outbox, and the Kafka publisher, listed first, flushes last.
    var backgroundServices: [any Service] {
        let relayService = RelayService(relay: relay, state: relayState, drainLimit: configuration.shutdownGracePeriod, logger: logger)
        let publisherServices: [any Service] = kafkaPublisher.map { [$0] } ?? []
        return publisherServices + [relayService, retention, sources]
    }
}

extension ServerComponents {
    /// Closes every connection to the database file.
    func close() async {
        // Already flushed when it ran as a service; this covers a failed startup.
        await kafkaPublisher?.shutdown()
        try? await outbox.close()
        try? await idempotencyStore.close()
        await database.close()
    }
}

import Foundation
import IdempotencyKit
import Logging
import OutboxKafka
import OutboxKit
import Prometheus
import ServiceLifecycle

/// Everything the handlers and services share, built once per server run over one backend.
struct ServerComponents: Sendable {
    let configuration: ReferenceServerConfiguration
    let logger: Logger
    let backend: any ServerBackend
    let metrics: ServerMetrics
    let tokens: TokenIssuer
    let apiKeys: APIKeys
    let publisher: any OutboxPublisher
    /// The Kafka publisher when ``ReferenceServerConfiguration/kafkaBrokers`` is set; it flushes
    /// on shutdown, after the relay has drained.
    let kafkaPublisher: KafkaOutboxPublisher?
    let relayService: any Service
    /// Whether the relay runs, for `/readyz`.
    let relayState: ServiceState
    let ingest: IngestPipeline
    let idempotency: IdempotencyMiddleware
    let sources: MachineSourceSupervisor
    let retention: RetentionService
    /// IdempotencyKit's sweeper over the backend's idempotency store.
    let idempotencySweeper: any Service
    let rateLimiter: RateLimiter
    let addressRateLimiter: RateLimiter

    init(
        configuration: ReferenceServerConfiguration,
        backend: any ServerBackend,
        publisher: (any OutboxPublisher)?,
        metricsRegistry: PrometheusCollectorRegistry?,
        logger: Logger
    ) async throws {
        self.configuration = configuration
        self.logger = logger
        self.backend = backend
        metrics = ServerMetrics(registry: metricsRegistry ?? PrometheusCollectorRegistry())
        tokens = try await TokenIssuer(configuration: configuration)
        apiKeys = APIKeys(store: backend.apiKeys)
        if publisher == nil, let brokers = configuration.kafkaBrokers {
            let kafka = try await KafkaOutboxPublisher(
                configuration: KafkaOutboxPublisherConfiguration(
                    topic: configuration.kafkaTopic,
                    // A pass in progress waits for its delivery reports, and shutdown waits for
                    // the pass: bounding a message's time to the grace period bounds shutdown
                    // with Kafka down. An undelivered event stays in the outbox for a later pass.
                    bootstrapServers: brokers,
                    messageTimeout: configuration.shutdownGracePeriod,
                    options: configuration.kafkaOptions,
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
        relayState = ServiceState()
        relayService = Self.relayService(
            store: backend.outbox, publisher: backend.publisher(over: self.publisher), state: relayState, metrics: metrics,
            configuration: configuration, logger: logger
        )
        ingest = IngestPipeline(store: backend.ingest, metrics: metrics, logger: logger)
        var mapping = IdempotencyHTTPMapping()
        mapping.keyReusedStatus = configuration.idempotencyKeyReusedStatus
        idempotency = IdempotencyMiddleware(store: backend.idempotency, mapping: mapping, retention: configuration.idempotencyRetention)
        sources = MachineSourceSupervisor(machines: backend.machines, ingest: ingest, hosts: configuration.sourceHosts, logger: logger)
        retention = RetentionService(backend: backend, configuration: configuration, logger: logger)
        idempotencySweeper = Self.sweeper(of: backend.idempotency, interval: configuration.retentionInterval, logger: logger)
        rateLimiter = RateLimiter(configuration: configuration.rateLimit)
        addressRateLimiter = RateLimiter(configuration: configuration.addressRateLimit)
    }

    /// The relay over whichever outbox store the backend has.
    private static func relayService(
        store: some OutboxStore, publisher: any OutboxPublisher, state: ServiceState, metrics: ServerMetrics,
        configuration: ReferenceServerConfiguration, logger: Logger
    ) -> any Service {
        let relay = OutboxRelay(
            store: store,
            publisher: publisher,
            configuration: OutboxRelayConfiguration(
                owner: "mtc-server-\(UUID().uuidString.prefix(8))",
                // Longer than a Kafka delivery may take (the grace period, see above), and short
                // enough that the events a killed server had claimed go out soon after a restart.
                leaseDuration: max(configuration.shutdownGracePeriod * 2, .seconds(5)),
                shutdownDrainLimit: configuration.shutdownGracePeriod,
                metricsPrefix: "mtc_outbox_relay"
            ),
            logger: logger,
            metricsFactory: PrometheusMetricsFactory(registry: metrics.registry)
        )
        return RelayService(relay: relay, state: state)
    }

    /// Hummingbird runs these before its HTTP server in one ServiceGroup, which shuts services
    /// down in reverse order: the server drains in-flight requests first, then the sources
    /// stop, then the relay drains the outbox, and the Kafka publisher, listed first, flushes last.
    var backgroundServices: [any Service] {
        let publisherServices: [any Service] = kafkaPublisher.map { [$0] } ?? []
        return publisherServices + [relayService, retention, idempotencySweeper, sources]
    }

    private static func sweeper(of store: some IdempotencyStore, interval: Duration, logger: Logger) -> any Service {
        IdempotencyExpirySweeper(store: store, interval: interval, logger: logger)
    }
}

extension ServerComponents {
    /// Flushes the Kafka publisher (already done when it ran as a service; this covers a failed
    /// startup). The backend is closed by its owner.
    func close() async {
        await kafkaPublisher?.shutdown()
    }
}

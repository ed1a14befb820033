import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import MTConnectCoreAPI
import NIOCore
import OpenAPIHummingbird
import OpenAPIRuntime
import OutboxKit
import Prometheus
import ServiceLifecycle

/// The MTConnect Core reference server: the HTTP API over one storage backend (the embedded
/// SQLite file by default), with the outbox relay and retention running beside it.
///
/// Run it in a `ServiceGroup` (it is a `Service`); a graceful shutdown stops accepting
/// connections, finishes in-flight requests, then stops the background services.
///
/// ```swift
/// var configuration = try ReferenceServerConfiguration(environment: ProcessInfo.processInfo.environment)
/// let server = ReferenceServer(configuration: configuration, logger: logger)
/// let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// ```
public final class ReferenceServer: Service {
    /// The configuration the server was made with.
    public let configuration: ReferenceServerConfiguration
    private let logger: Logger
    private let publisher: (any OutboxPublisher)?
    private let metricsRegistry: PrometheusCollectorRegistry?
    private let port = ListeningPort()

    /// Creates a server; nothing is opened until ``run()``.
    ///
    /// - Parameters:
    ///   - configuration: Where to listen, the database file, secrets.
    ///   - publisher: Where the outbox relay publishes events. When `nil`: Kafka when
    ///     ``ReferenceServerConfiguration/kafkaBrokers`` is set, an `InProcessPublisher` otherwise.
    ///   - metricsRegistry: The registry `/metrics` exposes; a new one when `nil`. Pass the one
    ///     your `MetricsSystem` is bootstrapped with to expose the libraries' metrics too.
    ///   - logger: Receives the request log and the services' messages, with credentials
///     redacted (``RedactingLogHandler``).
    public init(
        configuration: ReferenceServerConfiguration,
        publisher: (any OutboxPublisher)? = nil,
        metricsRegistry: PrometheusCollectorRegistry? = nil,
        logger: Logger
    ) {
        self.configuration = configuration
        self.publisher = publisher
        self.metricsRegistry = metricsRegistry
        // Everything the server and Hummingbird log goes through this logger: no line may carry
        // a credential, whatever the framework puts in an error's description.
        self.logger = logger.redactingCredentials(
            secrets: [configuration.internalToken, configuration.jwtSecret].compactMap { $0 }
        )
    }

    /// The port the server listens on, once it does (useful with port 0).
    ///
    /// - Throws: The startup error when the server failed before binding.
    public func listeningPort() async throws -> Int {
        try await port.value()
    }

    /// Opens the database, starts the HTTP server and the background services, and runs until
    /// a graceful shutdown or cancellation.
    public func run() async throws {
        let backend: any ServerBackend
        let components: ServerComponents
        do {
            backend = try await Self.openBackend(configuration: configuration, logger: logger)
        } catch {
            port.fail(error)
            throw error
        }
        do {
            components = try await ServerComponents(
                configuration: configuration, backend: backend, publisher: publisher,
                metricsRegistry: metricsRegistry, logger: logger
            )
        } catch {
            port.fail(error)
            await backend.close()
            throw error
        }
        let handler = APIHandler(components: components)
        let openAPIConfiguration = RequestBodyDecoding.configuration
        // The routes the generated code registers, read off a router of their own: the real
        // router's middleware must be in place before its routes are added.
        let routeTable = Router(context: ServerRequestContext.self)
        try handler.registerHandlers(on: routeTable, configuration: openAPIConfiguration)
        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: RequestLoggingMiddleware(logger: logger, metrics: components.metrics))
        router.add(middleware: CompressionMiddleware())
        router.add(middleware: ProblemMiddleware(logger: logger))
        router.add(middleware: RouteTableMiddleware(routes: routeTable.routes))
        router.add(middleware: BodyPolicyMiddleware(maximumBodySize: configuration.maximumBodySize))
        router.add(middleware: AddressRateLimitMiddleware(limiter: components.addressRateLimiter))
        router.add(
            middleware: AuthenticationMiddleware(
                tokens: components.tokens, apiKeys: components.apiKeys,
                internalToken: configuration.internalToken, tenantId: configuration.tenantId
            )
        )
        router.add(middleware: RateLimitMiddleware(limiter: components.rateLimiter))
        router.add(middleware: LoadSheddingMiddleware(admission: WriteAdmission(limit: configuration.maximumConcurrentWrites)))
        router.add(middleware: components.idempotency)
        try handler.registerHandlers(
            on: HandWrittenOperations(base: router, handler: handler, maximumBodySize: configuration.maximumBodySize),
            configuration: openAPIConfiguration
        )
        let port = self.port
        let connections = ConnectionRegistry(limits: configuration.connectionLimits, metrics: components.metrics)
        let app = Application(
            router: router,
            server: .http1(configuration: HTTP1Channel.Configuration(
                additionalChannelHandlers: [ConnectionGuardHandler(registry: connections)]
            )),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "mtc-server",
                // Room for bursts of new connections (a flood the connection limit then sheds):
                // a full accept queue drops SYNs, and the client's retry costs it a second or more.
                backlog: 4096
            ),
            services: components.backgroundServices,
            onServerRunning: { channel in
                port.resolve(channel.localAddress?.port ?? 0)
            },
            logger: logger
        )
        do {
            try await app.run()
        } catch {
            port.fail(error)
            await components.close()
            await backend.close()
            throw error
        }
        port.fail(ReferenceServerError.startup("The server has stopped."))
        await components.close()
        await backend.close()
    }

    /// The backend the configuration names: today the embedded SQLite file.
    static func openBackend(configuration: ReferenceServerConfiguration, logger: Logger) async throws -> any ServerBackend {
        try await SQLiteBackend.open(path: configuration.databasePath, logger: logger)
    }

    /// The API keys of the configured tenant, revoked ones included (never a key or a hash).
    public static func listAPIKeys(configuration: ReferenceServerConfiguration, logger: Logger) async throws -> [APIKeyInfo] {
        try await withBackend(configuration: configuration, logger: logger) { backend in
            try await backend.apiKeys.list(tenantId: configuration.tenantId)
        }
    }

    /// Revokes an API key of the configured tenant by id; a running server refuses it from its
    /// next request on. `false` when there is no such active key.
    public static func revokeAPIKey(id: String, configuration: ReferenceServerConfiguration, logger: Logger) async throws -> Bool {
        try await withBackend(configuration: configuration, logger: logger) { backend in
            try await backend.apiKeys.revoke(id: id, tenantId: configuration.tenantId, at: StoreTime.nowMilliseconds())
        }
    }

    /// Creates an API key for `/api/ext` in the configured database and returns it; only its
    /// hash is stored, so show it to the operator now.
    public static func createAPIKey(name: String, configuration: ReferenceServerConfiguration, logger: Logger) async throws -> String {
        try await withBackend(configuration: configuration, logger: logger) { backend in
            try await APIKeys(store: backend.apiKeys).create(name: name, tenantId: configuration.tenantId).key
        }
    }

    /// Runs an operator command against the configured backend, closing it afterwards.
    private static func withBackend<T: Sendable>(
        configuration: ReferenceServerConfiguration, logger: Logger, _ body: (any ServerBackend) async throws -> T
    ) async throws -> T {
        let backend = try await openBackend(configuration: configuration, logger: logger)
        do {
            let result = try await body(backend)
            await backend.close()
            return result
        } catch {
            await backend.close()
            throw error
        }
    }
}

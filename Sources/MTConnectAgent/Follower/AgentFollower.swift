import AsyncAlgorithms
import AsyncHTTPClient
import Logging
import Metrics
import MTConnectModel
import NIOCore
import ServiceLifecycle
import Synchronization
import _MTCSupport

/// Follows one MTConnect agent for as long as it runs: `probe` → `current` →
/// `sample?from=<next>`, streamed with `interval` or polled, delivering every observation
/// exactly once and in sequence order through ``events``.
///
/// ```swift
/// let follower = try AgentFollower(url: "http://agent:5000", logger: logger)
/// try await withThrowingDiscardingTaskGroup { group in
///     group.addTask { try await follower.run() }
///     for try await event in follower.events {
///         if case .observation(let observation) = event { print(observation.dataItemId, observation.value.text) }
///     }
/// }
/// ```
///
/// Connection failures, silent streams, agent restarts and buffer overruns are handled inside
/// and reported as events; only errors that retrying cannot fix (an unknown device, a path
/// the agent rejects) end ``run()`` with an ``AgentFollowerError``. It is a `Service`: run it
/// in a `ServiceGroup` and it stops on graceful shutdown.
public final class AgentFollower: Service, Sendable {
    public let configuration: AgentFollowerConfiguration
    let endpoint: AgentEndpoint
    let logger: Logger
    let parser: MTConnectParser
    let channel = AsyncThrowingChannel<[AgentEvent], any Error>()
    let state = Mutex(FollowState())
    let metrics: AgentFollowerMetrics
    /// The caller's client, when one was given; it is theirs to shut down.
    let sharedClient: HTTPClient?

    struct FollowState: Sendable {
        var tracker = SequenceTracker()
        var failedAttempts = 0
        /// Resyncs since the agent last delivered a document; more than one in a row backs off.
        var resyncsWithoutProgress = 0
        var mode: AgentFollowerConfiguration.Mode = .streaming
        var devices: [String] = []
        var version: String?
    }

    /// - Parameters:
    ///   - url: the agent's base URL, e.g. `http://agent:5000` (a trailing `/probe` is ignored).
    ///   - configuration: filters, mode, timings.
    ///   - logger: connection events at info, retries at warning, requests at trace.
    ///   - metricsFactory: where metrics go; the bootstrapped `MetricsSystem` unless given.
    ///     The metrics are listed in the MTConnectAgent article.
    ///   - httpClient: a client of yours (TLS settings, a proxy, a pool shared with other
    ///     followers); the follower never shuts it down. Its configuration then decides
    ///     redirects, timeouts and decompression: enable decompression on it (bounded) when
    ///     ``AgentFollowerConfiguration/acceptsCompression`` is on. `nil`: the follower makes
    ///     and owns one from its configuration.
    /// - Throws: ``AgentFollowerError/Kind/invalidURL``.
    public init(
        url: String, configuration: AgentFollowerConfiguration = .init(), logger: Logger,
        metricsFactory: (any MetricsFactory)? = nil, httpClient: HTTPClient? = nil
    ) throws(AgentFollowerError) {
        self.sharedClient = httpClient
        self.configuration = configuration
        self.metrics = AgentFollowerMetrics(
            prefix: configuration.metricsPrefix, dimensions: configuration.metricsDimensions,
            factory: metricsFactory ?? MetricsSystem.factory
        )
        self.endpoint = try AgentEndpoint(url: url, device: configuration.device, path: configuration.path)
        self.logger = logger
        self.parser = MTConnectParser(limits: ParserLimits(maximumBytes: configuration.maximumDocumentSize))
        state.withLock { $0.mode = configuration.mode }
    }

    /// The observations and state events. See ``AgentEvents``.
    public var events: AgentEvents { AgentEvents(channel: channel) }

    /// The next sequence number the follower will deliver, once it knows it.
    public var nextSequence: UInt64? { state.withLock { $0.tracker.next } }

    /// Follows the agent until the task is cancelled or a graceful shutdown begins (then it
    /// returns normally and ``events`` ends) or an unrecoverable error occurs (then it throws
    /// and ``events`` throws the same error). A follower runs once; make a new one to follow again.
    public func run() async throws {
        let client = sharedClient ?? Self.makeClient(configuration)
        let owned = sharedClient == nil
        do {
            try await cancelWhenGracefulShutdown {
                try await self.follow(client)
            }
            if owned { try? await client.shutdown() }
            channel.finish()
        } catch is CancellationError {
            if owned { try? await client.shutdown() }
            channel.finish()
        } catch {
            if owned { try? await client.shutdown() }
            logger.error("stopped following the agent", metadata: ["error": "\(error)"])
            channel.fail(error)
            throw error
        }
    }

    private static func makeClient(_ configuration: AgentFollowerConfiguration) -> HTTPClient {
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.decompression = .enabled(limit: .size(configuration.maximumDocumentSize))
        clientConfiguration.timeout = .init(connect: .seconds(Int64(max(configuration.requestTimeout.timeInterval, 1))))
        // The follower retries with its own backoff and reports every failed attempt as an
        // event; AsyncHTTPClient's own retries would hide a refused connection for the whole
        // request timeout (30 s by default) and then report only the last attempt.
        clientConfiguration.connectionPool.retryConnectionEstablishment = false
        clientConfiguration.redirectConfiguration = configuration.maximumRedirects > 0
            ? .follow(max: configuration.maximumRedirects, allowCycles: false) : .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
    }

    func publish(_ events: [AgentEvent]) async {
        guard !events.isEmpty else { return }
        metrics.record(events)
        await channel.send(events)
    }
}

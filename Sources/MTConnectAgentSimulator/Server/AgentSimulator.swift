import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// An in-process MTConnect agent over HTTP/1.1 for tests and demos.
///
/// It serves `/probe`, `/current` and `/sample` (polling, and streaming with `interval` and
/// `heartbeat` as chunked `multipart/mixed`) for one device, from observations a test appends
/// or a ``SimulationSource`` produces. Sequence numbers, the circular buffer and
/// `OUT_OF_RANGE` behave like a real agent's, and knobs reproduce what goes wrong in plants:
/// ``restart()``, ``dropConnections()``, ``setStalled(_:)`` and ``failNextRequests(with:count:)``.
///
/// ```swift
/// let simulator = AgentSimulator(source: ScriptedMill())
/// try await simulator.start()
/// simulator.step(10)
/// print(simulator.baseURL) // http://127.0.0.1:<port>
/// try await simulator.shutdown()
/// ```
public final class AgentSimulator: Service, Sendable {
    struct State: Sendable {
        var buffer: ObservationBuffer
        var instanceId: UInt64
        var source: (any SimulationSource)?
        var stalled = false
        var pendingErrors: [SimulatedAgentError] = []
        var connections: [ObjectIdentifier: any Channel] = [:]
        var history: [SequencedObservation] = []
        var serverChannel: (any Channel)?
    }

    public let configuration: AgentSimulatorConfiguration
    let logger: Logger
    let state: Mutex<State>
    let writer: DocumentWriter

    /// - Parameters:
    ///   - configuration: the port, device, schema version and behaviour knobs.
    ///   - source: what ``step(_:)`` and ``run()`` draw observations from; `nil` for tests
    ///     that only ``append(_:)``.
    ///   - logger: receives request and connection events at debug level.
    public init(configuration: AgentSimulatorConfiguration = .init(), source: (any SimulationSource)? = nil, logger: Logger = Logger(label: "mtconnect.simulator")) {
        self.configuration = configuration
        self.logger = logger
        self.writer = DocumentWriter(version: configuration.version, device: configuration.device)
        let instanceId = UInt64(Timestamp.epochSeconds())
        self.state = Mutex(State(buffer: ObservationBuffer(capacity: configuration.bufferSize), instanceId: instanceId, source: source))
        seedUnavailable()
    }

    /// Binds the HTTP server. Afterwards ``port`` and ``baseURL`` tell where it listens.
    public func start() async throws {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try self.configurePipeline(channel)
                }
            }
        let channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        state.withLock { $0.serverChannel = channel }
        logger.debug("simulated agent listening", metadata: ["port": "\(channel.localAddress?.port ?? 0)"])
    }

    /// Closes the listener and every open connection.
    public func shutdown() async throws {
        let channel = state.withLock { state in
            defer { state.serverChannel = nil }
            return state.serverChannel
        }
        dropConnections()
        try await channel?.close()
    }

    /// Starts the server, advances the source every ``AgentSimulatorConfiguration/stepInterval``
    /// until the task is cancelled or a graceful shutdown begins, then shuts down.
    public func run() async throws {
        try await start()
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                self.step()
                try? await Task.sleep(for: self.configuration.stepInterval)
            }
        }
        try await shutdown()
    }

    /// The port the server listens on, once started.
    public var port: Int {
        state.withLock { $0.serverChannel?.localAddress?.port ?? 0 }
    }

    /// `http://127.0.0.1:<port>`, the URL a client follows.
    public var baseURL: String {
        "http://\(configuration.host):\(port)"
    }

    /// The instance id the agent reports; ``restart()`` changes it.
    public var instanceId: UInt64 { state.withLock { $0.instanceId } }
    /// The oldest sequence number still in the buffer.
    public var firstSequence: UInt64 { state.withLock { $0.buffer.firstSequence } }
    /// The sequence number the next observation will get.
    public var nextSequence: UInt64 { state.withLock { $0.buffer.nextSequence } }
    /// Every observation sequenced so far, across restarts, when ``AgentSimulatorConfiguration/keepsHistory`` is set.
    public var history: [SequencedObservation] { state.withLock { $0.history } }

    /// Sequences observations as if an adapter had just sent them.
    @discardableResult
    public func append(_ observations: [SimulatedObservation]) -> [SequencedObservation] {
        let timestamp = Timestamp.now()
        return state.withLock { state in
            let sequenced = observations.map { state.buffer.append($0, timestamp: timestamp, instanceId: state.instanceId) }
            if configuration.keepsHistory { state.history.append(contentsOf: sequenced) }
            return sequenced
        }
    }

    /// Advances the source `steps` times and sequences what it produced.
    @discardableResult
    public func step(_ steps: Int = 1) -> [SequencedObservation] {
        var batch: [SimulatedObservation] = []
        state.withLock { state in
            for _ in 0..<steps {
                batch.append(contentsOf: state.source?.nextStep() ?? [])
            }
        }
        return append(batch)
    }

    /// Simulates an agent restart: a new instance id, an empty buffer whose sequences start at
    /// 1 again with every data item `UNAVAILABLE`, and all connections dropped.
    public func restart() {
        state.withLock { state in
            state.instanceId += 1
            state.buffer = ObservationBuffer(capacity: configuration.bufferSize)
        }
        seedUnavailable()
        dropConnections()
    }

    /// Closes every client connection at once, mid-stream or idle.
    public func dropConnections() {
        let connections = state.withLock { state in
            defer { state.connections = [:] }
            return Array(state.connections.values)
        }
        for connection in connections {
            connection.close(promise: nil)
        }
    }

    /// While stalled, streams send nothing (not even heartbeats) and polls get no answer.
    public func setStalled(_ stalled: Bool) {
        state.withLock { $0.stalled = stalled }
    }

    /// Answers the next `count` sample requests (or stream ticks) with this error document.
    public func failNextRequests(with error: SimulatedAgentError, count: Int = 1) {
        state.withLock { $0.pendingErrors.append(contentsOf: repeatElement(error, count: count)) }
    }

    private func seedUnavailable() {
        append(configuration.device.dataItems.map { item in
            SimulatedObservation(dataItemId: item.id, value: item.category == .condition ? .condition(level: "UNAVAILABLE") : .value("UNAVAILABLE"))
        })
    }

    func register(_ channel: any Channel) {
        state.withLock { $0.connections[ObjectIdentifier(channel)] = channel }
    }

    func unregister(_ channel: any Channel) {
        _ = state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}

import Foundation
import Logging
import ServiceLifecycle

/// Polls a device's digital inputs (and their pulse counters) at a fixed period and
/// publishes what changed as ``events``.
///
/// Run it as a `Service` (or call ``run()`` in a task). It keeps polling through
/// disconnects, reports ``ConnectionChange``s, and stops on graceful shutdown or
/// cancellation, finishing ``events``.
///
/// ```swift
/// let poller = try ModbusPoller(client: client, configuration: .adam6050(), logger: logger)
/// Task { try await poller.run() }
/// for await event in poller.events {
///     if case .edge(let edge) = event, edge.channel == 3, edge.direction == .rising { … }
/// }
/// ```
///
/// ``events`` buffers without limit so that nothing is lost; consume it steadily.
///
/// The poll loop runs on the client's device thread (``ModbusTCPClient/withDeviceThread(isolation:_:)``),
/// so polling costs no thread hand-offs; it still shares the client with other callers.
public final class ModbusPoller: Service, Sendable {
    /// Changes, in the order they were seen. Single consumer.
    public let events: AsyncStream<ModbusPollEvent>
    /// The settings the poller was created with.
    public let configuration: ModbusPollerConfiguration
    private let continuation: AsyncStream<ModbusPollEvent>.Continuation
    private let client: ModbusTCPClient
    private let logger: Logger

    /// - Throws: ``ModbusError/Kind/invalidRequest`` when the configuration asks for
    ///   something no Modbus request can read.
    public init(client: ModbusTCPClient, configuration: ModbusPollerConfiguration, logger: Logger) throws(ModbusError) {
        try configuration.validate()
        self.client = client
        self.configuration = configuration
        self.logger = logger
        (events, continuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// Polls until graceful shutdown or cancellation, then finishes ``events``.
    public func run() async throws {
        defer { continuation.finish() }
        await cancelWhenGracefulShutdown {
            // On the device thread, each poll's requests call libmodbus directly.
            await self.client.withDeviceThread {
                await self.pollLoop()
            }
        }
    }

    private func pollLoop() async {
        let clock = ContinuousClock()
        var detector = EdgeDetector()
        var state: ConnectionChange.State?
        var deadline = clock.now
        while !Task.isCancelled {
            do {
                let (inputs, counters) = try await readSnapshot()
                let now = Date()
                if state != .connected {
                    state = .connected
                    continuation.yield(.connection(ConnectionChange(state: .connected, error: nil, timestamp: now)))
                }
                for event in detector.update(inputs: inputs, counters: counters, at: now) {
                    continuation.yield(event)
                }
            } catch where error.isTransportError {
                if state != .disconnected {
                    state = .disconnected
                    logger.warning("Modbus device unreachable; polling continues", metadata: ["error": "\(error)"])
                    continuation.yield(.connection(ConnectionChange(state: .disconnected, error: error, timestamp: Date())))
                }
            } catch where error.kind == .clientClosed {
                logger.error("Modbus client closed; poller stops", metadata: ["error": "\(error)"])
                continuation.yield(.readFailed(error, at: Date()))
                return
            } catch {
                logger.warning("Modbus poll refused", metadata: ["error": "\(error)"])
                continuation.yield(.readFailed(error, at: Date()))
            }
            deadline += configuration.period
            let now = clock.now
            if deadline < now {
                // Fell behind (slow device, timeouts): start the next poll now and keep the
                // period from here instead of firing a burst of catch-up polls.
                deadline = now
            }
            do {
                try await Task.sleep(until: deadline, clock: clock)
            } catch {
                return
            }
        }
    }

    /// Counters first, inputs second: see ``EdgeDetector`` for why the order matters.
    private func readSnapshot() async throws(ModbusError) -> ([Bool], [UInt32]?) {
        var counters: [UInt32]?
        if let counterAddress = configuration.counterAddress {
            let words = try await client.readHoldingRegisters(address: counterAddress, count: 2 * configuration.inputCount)
            counters = stride(from: 0, to: words.count, by: 2).map { ADAM6050.counter(low: words[$0], high: words[$0 + 1]) }
        }
        let inputs: [Bool]
        switch configuration.inputTable {
        case .discreteInputs:
            inputs = try await client.readDiscreteInputs(address: configuration.inputAddress, count: configuration.inputCount)
        case .coils:
            inputs = try await client.readCoils(address: configuration.inputAddress, count: configuration.inputCount)
        }
        return (inputs, counters)
    }
}

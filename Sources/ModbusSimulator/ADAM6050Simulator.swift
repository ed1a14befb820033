import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// A Modbus/TCP server on 127.0.0.1 that behaves like an Advantech ADAM-6050
/// (12 digital inputs with counters, 6 digital outputs), for tests and demos.
///
/// The server runs on its own threads (one accepting, one per connection), never on the
/// Swift cooperative pool, so a test can drive it from async code while a client talks to it.
///
/// ```swift
/// let simulator = ADAM6050Simulator(logger: logger)
/// let port = try simulator.start()
/// simulator.setInput(0, true)          // DI0 rises; counter 0 counts it
/// simulator.faults.replyDelay = .milliseconds(300)
/// simulator.stop()
/// ```
///
/// As a `Service` it starts in ``run()`` and stops on graceful shutdown or cancellation.
public final class ADAM6050Simulator: Service, Sendable {
    /// Digital inputs DI0–DI11.
    public static let inputCount = DeviceModel.inputCount
    /// Digital outputs DO0–DO5.
    public static let outputCount = DeviceModel.outputCount

    /// The settings the simulator was created with.
    public let configuration: SimulatorConfiguration
    private let core: SimulatorCore
    private let logger: Logger
    private let listeningPort = Mutex<Int?>(nil)

    public init(configuration: SimulatorConfiguration = SimulatorConfiguration(), logger: Logger) {
        self.configuration = configuration
        self.core = SimulatorCore(countersRunning: configuration.countersRunning)
        self.logger = logger
    }

    deinit {
        stop()
    }

    /// The port the simulator listens on, once started.
    public var port: Int? {
        listeningPort.withLock { $0 }
    }

    /// Starts listening and serving (once; later calls return the same port).
    /// - Returns: the TCP port on 127.0.0.1.
    @discardableResult
    public func start() throws(SimulatorError) -> Int {
        try listeningPort.withLock { (port: inout Int?) throws(SimulatorError) -> Int in
            if let port { return port }
            guard !core.isStopped else {
                throw SimulatorError(message: "the simulator was stopped; create a new one")
            }
            let listener = try LoopbackListener(port: configuration.port)
            port = listener.port
            Self.startAcceptThread(listener: listener, core: core)
            logger.debug("ADAM-6050 simulator listening", metadata: ["port": "\(listener.port)"])
            return listener.port
        }
    }

    /// Stops accepting, closes every connection within ~50 ms, and frees the port.
    public func stop() {
        core.state.withLock { $0.stopped = true }
    }

    /// Serves until graceful shutdown or cancellation, then stops.
    public func run() async throws {
        try start()
        try? await gracefulShutdown()
        stop()
    }

    // MARK: Inputs, outputs and counters

    /// Drives digital input `channel` (0–11); a rising edge counts on a running counter.
    public func setInput(_ channel: Int, _ on: Bool) {
        precondition(Self.validInput(channel), "ADAM-6050 inputs are 0...11")
        core.apply { $0.setInput(channel, on) }
    }

    /// Pulses input `channel` `count` times faster than any poll: the counter advances,
    /// the level afterwards is what it was. Lets tests produce pulses a poller cannot see.
    public func pulse(_ channel: Int, count: Int = 1) {
        precondition(Self.validInput(channel) && count >= 0, "ADAM-6050 inputs are 0...11")
        core.apply { $0.pulse(channel, count: count) }
    }

    /// The level of digital input `channel`.
    public func input(_ channel: Int) -> Bool {
        precondition(Self.validInput(channel), "ADAM-6050 inputs are 0...11")
        return core.state.withLock { $0.model.inputs[channel] }
    }

    /// The level of digital output `channel` (0–5), as clients last wrote it.
    public func output(_ channel: Int) -> Bool {
        precondition((0..<Self.outputCount).contains(channel), "ADAM-6050 outputs are 0...5")
        return core.state.withLock { $0.model.outputs[channel] }
    }

    /// Sets digital output `channel` (0–5) as if a client had written it.
    public func setOutput(_ channel: Int, _ on: Bool) {
        precondition((0..<Self.outputCount).contains(channel), "ADAM-6050 outputs are 0...5")
        core.apply { $0.setOutput(channel, on) }
    }

    /// The 32-bit counter of input `channel`.
    public func counter(_ channel: Int) -> UInt32 {
        precondition(Self.validInput(channel), "ADAM-6050 inputs are 0...11")
        return core.state.withLock { $0.model.counters[channel] }
    }

    /// Sets the counter of input `channel` (e.g. near 2³² to test wrap-around).
    public func setCounter(_ channel: Int, _ value: UInt32) {
        precondition(Self.validInput(channel), "ADAM-6050 inputs are 0...11")
        core.apply { $0.setCounter(channel, value) }
    }

    /// Whether the counter of input `channel` is running (coil 32+4k).
    public func isCounting(_ channel: Int) -> Bool {
        precondition(Self.validInput(channel), "ADAM-6050 inputs are 0...11")
        return core.state.withLock { $0.model.counting[channel] }
    }

    /// Whether the counter of input `channel` wrapped past 2³²−1 (coil 34+4k).
    public func counterOverflowed(_ channel: Int) -> Bool {
        precondition(Self.validInput(channel), "ADAM-6050 inputs are 0...11")
        return core.state.withLock { $0.model.overflowed[channel] }
    }

    /// Holding register `address` (0–127); 0–23 are the counters.
    public func holdingRegister(_ address: Int) -> UInt16 {
        precondition((0..<DeviceModel.registerCount).contains(address), "registers are 0...127")
        return core.state.withLock { $0.model.holdingRegister(address) }
    }

    /// Sets holding register `address` (0–127); 0–23 change the counters.
    public func setHoldingRegister(_ address: Int, _ value: UInt16) {
        precondition((0..<DeviceModel.registerCount).contains(address), "registers are 0...127")
        core.apply { $0.writeHoldingRegister(address, value) }
    }

    /// Sets input register `address` (0–127), read with function 04.
    public func setInputRegister(_ address: Int, _ value: UInt16) {
        precondition((0..<DeviceModel.registerCount).contains(address), "registers are 0...127")
        core.apply { $0.inputRegisters[address] = value }
    }

    // MARK: Faults and statistics

    /// The misbehaviour to show from the next request on.
    public var faults: SimulatorFaults {
        get { core.state.withLock { $0.faults } }
        set { core.state.withLock { $0.faults = newValue } }
    }

    /// Connections and requests seen so far.
    public var statistics: SimulatorStatistics {
        core.state.withLock { $0.statistics }
    }

    private static func validInput(_ channel: Int) -> Bool {
        (0..<inputCount).contains(channel)
    }

    private static func startAcceptThread(listener: LoopbackListener, core: SimulatorCore) {
        let thread = Thread {
            while !core.isStopped {
                guard let socket = listener.accept(timeoutMilliseconds: 50) else { continue }
                core.connectionAccepted()
                let connection = Thread {
                    ServerConnection.serve(socket: socket, core: core)
                }
                connection.name = "adam6050-sim connection"
                connection.start()
            }
            listener.close()
        }
        thread.name = "adam6050-sim accept :\(listener.port)"
        thread.start()
    }
}

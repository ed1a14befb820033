import Logging
import Metrics

/// An async Modbus/TCP client for one device (one host, port and unit id).
///
/// Each client owns one libmodbus context on a dedicated thread; requests queue there
/// and run one at a time, so create one client per device and poll many devices in
/// parallel. The connection opens on the first request and is re-opened after failures.
///
/// All addresses are 0-based PDU addresses: the first coil, input or register is 0,
/// whatever a device manual calls "00001", "10001" or "40001".
///
/// ```swift
/// let client = ModbusTCPClient(configuration: .init(host: "192.0.2.17"), logger: logger)
/// let inputs = try await client.readDiscreteInputs(address: 0, count: 12)
/// try await client.writeSingleCoil(address: 16, on: true)
/// await client.close()
/// ```
///
/// Requests cannot be abandoned once queued; the response, byte and connect timeouts
/// bound how long each one can take.
///
/// ## Running on the device thread
///
/// A request made from an ordinary task crosses to the device thread and back. Code that
/// talks to one device in a loop can instead run *on* its thread with
/// ``withDeviceThread(isolation:_:)`` (or any API that takes a task executor, with
/// ``taskExecutor``): its requests then call libmodbus directly, with no hand-off.
/// ``ModbusPoller`` does this.
///
/// ## Metrics
///
/// Recorded through swift-metrics (the factory given to ``init(configuration:logger:metricsFactory:)``,
/// by default the bootstrapped `MetricsSystem`), each with a `device` dimension
/// (`host:port/unit`):
///
/// - `modbus_requests_total` (counter; `function`, e.g. `read_discrete_inputs`): requests
///   sent, one per call whatever the outcome.
/// - `modbus_request_errors_total` (counter; `function`, `kind` = `timeout`, `transport` or
///   `exception`, `reason` = e.g. `connection_lost` or `illegal_data_address`).
/// - `modbus_reconnects_total` (counter): connections re-opened after one was lost.
/// - `modbus_request_duration_seconds` (timer; `function`): time on the device thread,
///   including connecting and a retry.
public final class ModbusTCPClient: Sendable {
    /// The settings the client was created with.
    public let configuration: ModbusClientConfiguration
    let executor: DeviceExecutor

    /// Creates a client and its device thread; nothing is dialled until the first request.
    ///
    /// - Parameter metricsFactory: where the client's metrics go; the bootstrapped
    ///   `MetricsSystem` unless given.
    public init(
        configuration: ModbusClientConfiguration,
        logger: Logger,
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.configuration = configuration
        executor = DeviceExecutor.start(configuration: configuration, logger: logger, metricsFactory: metricsFactory)
    }

    deinit {
        executor.shutdownInBackground()
    }

    /// The device thread as a task executor, for APIs that take one
    /// (`Task(executorPreference:)`, `withTaskExecutorPreference`).
    ///
    /// Code running there blocks the device's requests while it runs: keep it to talking
    /// to this device and handing results on.
    public var taskExecutor: any TaskExecutor {
        executor
    }

    /// Runs `body` on the client's device thread, so that its requests to this client skip
    /// the hand-off to the thread and back.
    ///
    /// Nonisolated code in `body` runs on the device thread; actor-isolated code still runs
    /// on its actor. Requests from other tasks wait while `body` runs between two
    /// suspension points, so do not do slow work in it.
    public func withDeviceThread<Result, Failure: Error>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws(Failure) -> Result
    ) async throws(Failure) -> Result {
        try await withTaskExecutorPreference(executor, isolation: isolation, operation: body)
    }

    /// Runs `body` with a new client and closes it afterwards, also when `body` throws.
    public static func withClient<Result: Sendable, Failure: Error>(
        configuration: ModbusClientConfiguration,
        logger: Logger,
        _ body: (ModbusTCPClient) async throws(Failure) -> Result
    ) async throws(Failure) -> Result {
        let client = ModbusTCPClient(configuration: configuration, logger: logger)
        do {
            let result = try await body(client)
            await client.close()
            return result
        } catch {
            await client.close()
            throw error
        }
    }

    /// Finishes the requests already queued, closes the connection and ends the device
    /// thread. Later requests fail with ``ModbusError/Kind/clientClosed``.
    public func close() async {
        await executor.shutdown()
    }

    /// Function 01: reads `count` coils (1...2000) from `address`.
    public func readCoils(address: Int, count: Int) async throws(ModbusError) -> [Bool] {
        try await bits(.readCoils(address: address, count: count))
    }

    /// Function 02: reads `count` discrete inputs (1...2000) from `address`.
    public func readDiscreteInputs(address: Int, count: Int) async throws(ModbusError) -> [Bool] {
        try await bits(.readDiscreteInputs(address: address, count: count))
    }

    /// Function 03: reads `count` holding registers (1...125) from `address`.
    public func readHoldingRegisters(address: Int, count: Int) async throws(ModbusError) -> [UInt16] {
        try await registers(.readHoldingRegisters(address: address, count: count))
    }

    /// Function 04: reads `count` input registers (1...125) from `address`.
    public func readInputRegisters(address: Int, count: Int) async throws(ModbusError) -> [UInt16] {
        try await registers(.readInputRegisters(address: address, count: count))
    }

    /// Function 05: switches one coil on (0xFF00 on the wire) or off (0x0000).
    public func writeSingleCoil(address: Int, on: Bool) async throws(ModbusError) {
        _ = try await perform(.writeSingleCoil(address: address, on: on))
    }

    /// Function 06: writes one holding register.
    public func writeSingleRegister(address: Int, value: UInt16) async throws(ModbusError) {
        _ = try await perform(.writeSingleRegister(address: address, value: value))
    }

    /// Function 15: writes 1...1968 consecutive coils starting at `address`.
    public func writeMultipleCoils(address: Int, values: [Bool]) async throws(ModbusError) {
        _ = try await perform(.writeMultipleCoils(address: address, values: values))
    }

    /// Function 16: writes 1...123 consecutive holding registers starting at `address`.
    public func writeMultipleRegisters(address: Int, values: [UInt16]) async throws(ModbusError) {
        _ = try await perform(.writeMultipleRegisters(address: address, values: values))
    }

    /// Function 23: writes 1...121 registers at `writeAddress`, then reads `readCount`
    /// (1...125) registers at `readAddress`, in one transaction. The device performs the
    /// write first.
    public func readWriteMultipleRegisters(
        writeAddress: Int, values: [UInt16], readAddress: Int, readCount: Int
    ) async throws(ModbusError) -> [UInt16] {
        try await registers(.readWriteMultipleRegisters(
            writeAddress: writeAddress, values: values, readAddress: readAddress, readCount: readCount
        ))
    }

    private func bits(_ request: ModbusRequest) async throws(ModbusError) -> [Bool] {
        guard case .bits(let bits) = try await perform(request) else {
            preconditionFailure("\(request.functionName) must yield bits")
        }
        return bits
    }

    private func registers(_ request: ModbusRequest) async throws(ModbusError) -> [UInt16] {
        guard case .registers(let registers) = try await perform(request) else {
            preconditionFailure("\(request.functionName) must yield registers")
        }
        return registers
    }

    private func perform(_ request: ModbusRequest) async throws(ModbusError) -> ModbusResponse {
        try request.validate()
        if let result = executor.execute(ifOnDeviceThread: request) {
            return try result.get()
        }
        return try await executor.submit(request).get()
    }
}

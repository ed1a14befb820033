import Logging

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
/// let client = ModbusClient(configuration: .init(host: "10.0.0.17"), logger: logger)
/// let inputs = try await client.readDiscreteInputs(address: 0, count: 12)
/// try await client.writeSingleCoil(address: 16, on: true)
/// await client.close()
/// ```
///
/// Requests cannot be abandoned once queued; the response, byte and connect timeouts
/// bound how long each one can take.
public final class ModbusClient: Sendable {
    /// The settings the client was created with.
    public let configuration: ModbusClientConfiguration
    private let queue = JobQueue()

    /// Creates a client and its device thread; nothing is dialled until the first request.
    public init(configuration: ModbusClientConfiguration, logger: Logger) {
        self.configuration = configuration
        DeviceThread.start(queue: queue, configuration: configuration, logger: logger)
    }

    deinit {
        _ = queue.submit(.shutdown(nil))
    }

    /// Runs `body` with a new client and closes it afterwards, also when `body` throws.
    public static func withClient<Result: Sendable, Failure: Error>(
        configuration: ModbusClientConfiguration,
        logger: Logger,
        _ body: (ModbusClient) async throws(Failure) -> Result
    ) async throws(Failure) -> Result {
        let client = ModbusClient(configuration: configuration, logger: logger)
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
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            if !queue.submit(.shutdown(done)) {
                done.resume()
            }
        }
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
        let result = await withCheckedContinuation { (reply: JobQueue.Reply) in
            if !queue.submit(.request(request, reply)) {
                reply.resume(returning: .failure(ModbusError(
                    kind: .clientClosed,
                    message: "\(request.functionName) on \(configuration.endpoint): the client was closed; create a new ModbusClient"
                )))
            }
        }
        return try result.get()
    }
}

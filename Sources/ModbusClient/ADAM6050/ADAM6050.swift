/// Named access to an Advantech ADAM-6050 (12 digital inputs with 32-bit counters,
/// 6 digital outputs) through a ``ModbusTCPClient``; see ``ADAM6050Map`` for the addresses.
///
/// ```swift
/// let module = ADAM6050(client: client)
/// let inputs = try await module.digitalInputs()   // 12 levels, DI0 first
/// try await module.setOutput(3, on: true)         // DO3
/// let parts = try await module.counter(5)         // rising edges counted on DI5
/// ```
///
/// Channel numbers outside the module fail with ``ModbusError/Kind/invalidRequest``.
public struct ADAM6050: Sendable {
    /// The client requests go through.
    public let client: ModbusTCPClient

    public init(client: ModbusTCPClient) {
        self.client = client
    }

    /// Poller settings for this module: all 12 inputs and their counters.
    public static func pollerConfiguration(period: Duration = .milliseconds(100)) -> ModbusPollerConfiguration {
        ModbusPollerConfiguration(
            period: period, inputAddress: ADAM6050Map.firstInput, inputCount: ADAM6050Map.inputCount,
            counterAddress: ADAM6050Map.firstCounterRegister
        )
    }

    /// Levels of DI0–DI11.
    public func digitalInputs() async throws(ModbusError) -> [Bool] {
        try await client.readDiscreteInputs(address: ADAM6050Map.firstInput, count: ADAM6050Map.inputCount)
    }

    /// Level of one input (0–11).
    public func digitalInput(_ channel: Int) async throws(ModbusError) -> Bool {
        try Self.checkInput(channel)
        return try await client.readDiscreteInputs(address: ADAM6050Map.firstInput + channel, count: 1)[0]
    }

    /// Levels of DO0–DO5.
    public func outputs() async throws(ModbusError) -> [Bool] {
        try await client.readCoils(address: ADAM6050Map.firstOutputCoil, count: ADAM6050Map.outputCount)
    }

    /// Switches one output (0–5).
    public func setOutput(_ channel: Int, on: Bool) async throws(ModbusError) {
        guard (0..<ADAM6050Map.outputCount).contains(channel) else {
            throw .invalidRequest("ADAM-6050 has outputs 0...5, not \(channel)")
        }
        try await client.writeSingleCoil(address: ADAM6050Map.outputCoil(channel), on: on)
    }

    /// Sets all six outputs in one request, DO0 first.
    public func setOutputs(_ levels: [Bool]) async throws(ModbusError) {
        guard levels.count == ADAM6050Map.outputCount else {
            throw .invalidRequest("ADAM-6050 has 6 outputs; \(levels.count) levels given")
        }
        try await client.writeMultipleCoils(address: ADAM6050Map.firstOutputCoil, values: levels)
    }

    /// The 32-bit counter of one input (0–11).
    public func counter(_ channel: Int) async throws(ModbusError) -> UInt32 {
        try Self.checkInput(channel)
        let words = try await client.readHoldingRegisters(address: ADAM6050Map.counterRegister(channel), count: 2)
        return Self.counter(low: words[0], high: words[1])
    }

    /// All 12 counters, DI0 first, in one request.
    public func counters() async throws(ModbusError) -> [UInt32] {
        let words = try await client.readHoldingRegisters(
            address: ADAM6050Map.firstCounterRegister, count: 2 * ADAM6050Map.inputCount
        )
        return stride(from: 0, to: words.count, by: 2).map { Self.counter(low: words[$0], high: words[$0 + 1]) }
    }

    /// Resets one input's counter to 0.
    public func clearCounter(_ channel: Int) async throws(ModbusError) {
        try Self.checkInput(channel)
        try await client.writeSingleCoil(address: ADAM6050Map.counterClearCoil(channel), on: true)
    }

    /// Starts or stops one input's counter.
    public func setCounterRunning(_ channel: Int, _ running: Bool) async throws(ModbusError) {
        try Self.checkInput(channel)
        try await client.writeSingleCoil(address: ADAM6050Map.counterStartCoil(channel), on: running)
    }

    /// Whether one input's counter wrapped past 2³²−1 since the flag was cleared.
    public func counterOverflowed(_ channel: Int) async throws(ModbusError) -> Bool {
        try Self.checkInput(channel)
        return try await client.readCoils(address: ADAM6050Map.counterOverflowCoil(channel), count: 1)[0]
    }

    /// Clears one input's overflow flag.
    public func clearCounterOverflow(_ channel: Int) async throws(ModbusError) {
        try Self.checkInput(channel)
        try await client.writeSingleCoil(address: ADAM6050Map.counterOverflowCoil(channel), on: false)
    }

    static func counter(low: UInt16, high: UInt16) -> UInt32 {
        UInt32(high) << 16 | UInt32(low)
    }

    private static func checkInput(_ channel: Int) throws(ModbusError) {
        guard (0..<ADAM6050Map.inputCount).contains(channel) else {
            throw .invalidRequest("ADAM-6050 has inputs 0...11, not \(channel)")
        }
    }
}

import Logging
import ModbusClient
import ModbusSimulator
import Testing

let testLogger = Logger(label: "modbus-tests")

/// Runs `body` against a fresh simulator and a client connected to it; stops both afterwards.
func withDevice<Result: Sendable>(
    simulator configuration: SimulatorConfiguration = SimulatorConfiguration(),
    client adjust: (inout ModbusClientConfiguration) -> Void = { _ in },
    _ body: (ADAM6050Simulator, ModbusTCPClient) async throws -> Result
) async throws -> Result {
    let simulator = ADAM6050Simulator(configuration: configuration, logger: testLogger)
    let port = try simulator.start()
    defer { simulator.stop() }
    var clientConfiguration = ModbusClientConfiguration(
        host: "127.0.0.1", port: port,
        connectTimeout: .seconds(2), responseTimeout: .milliseconds(500), byteTimeout: .milliseconds(200)
    )
    adjust(&clientConfiguration)
    return try await ModbusTCPClient.withClient(configuration: clientConfiguration, logger: testLogger) { client in
        try await body(simulator, client)
    }
}

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Runs `body`, failing with ``TimedOut`` if it takes longer than `limit`.
func withTimeout<Result: Sendable>(
    _ limit: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw TimedOut(what: what)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

/// The error `body` throws, or a failed expectation if it succeeds.
func modbusError<T>(_ body: () async throws(ModbusError) -> T) async -> ModbusError? {
    do {
        let value = try await body()
        Issue.record("expected a ModbusError, got \(value)")
        return nil
    } catch {
        return error
    }
}


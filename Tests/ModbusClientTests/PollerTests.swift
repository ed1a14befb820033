import Foundation
import ModbusClient
import ModbusSimulator
import Testing

@Suite("Poller against the simulator")
struct PollerTests {
    /// Collects events until one matches, failing after `limit`.
    private func events(
        of poller: ModbusPoller, until description: String, within limit: Duration = .seconds(5),
        _ match: @escaping @Sendable (ModbusPollEvent) -> Bool
    ) async throws -> [ModbusPollEvent] {
        let stream = poller.events
        return try await withTimeout(limit, description) {
            var seen: [ModbusPollEvent] = []
            for await event in stream {
                seen.append(event)
                if match(event) { return seen }
            }
            throw TimedOut(what: "\(description) (events finished)")
        }
    }

    private func withPoller(
        port: Int, period: Duration = .milliseconds(20),
        _ body: (ModbusPoller) async throws -> Void
    ) async throws {
        let configuration = ModbusClientConfiguration(
            host: "127.0.0.1", port: port, connectTimeout: .seconds(1), responseTimeout: .milliseconds(300),
            reconnectBackoff: Backoff(initial: .milliseconds(20), maximum: .milliseconds(100), jitter: 0)
        )
        try await ModbusTCPClient.withClient(configuration: configuration, logger: testLogger) { client in
            let poller = try ModbusPoller(client: client, configuration: .adam6050(period: period), logger: testLogger)
            let running = Task { try await poller.run() }
            defer { running.cancel() }
            _ = try await events(of: poller, until: "connected") {
                if case .connection(let change) = $0 { change.state == .connected } else { false }
            }
            try await body(poller)
        }
    }

    @Test func inputChangesArriveAsEdgesWithTheirChannel() async throws {
        let simulator = ADAM6050Simulator(logger: testLogger)
        defer { simulator.stop() }
        try await withPoller(port: try simulator.start()) { poller in
            simulator.setInput(3, true)
            let rising = try await events(of: poller, until: "rising edge on DI3") {
                if case .edge(let edge) = $0 { edge.channel == 3 && edge.direction == .rising } else { false }
            }
            simulator.setInput(3, false)
            let falling = try await events(of: poller, until: "falling edge on DI3") {
                if case .edge(let edge) = $0 { edge.channel == 3 && edge.direction == .falling } else { false }
            }
            var seen = rising + falling
            // An edge that lands between a poll's counter read and its input read is counted
            // one poll later, possibly after the falling edge.
            if !seen.contains(where: { if case .counter = $0 { true } else { false } }) {
                seen += try await events(of: poller, until: "DI3's count") {
                    if case .counter = $0 { true } else { false }
                }
            }
            let counted = seen.compactMap { if case .counter(let change) = $0 { change } else { nil } }
            let missed = seen.filter { if case .missedPulses = $0 { true } else { false } }
            #expect(counted.map(\.channel) == [3])
            #expect(counted.first?.delta == 1)
            #expect(missed.isEmpty)
        }
    }

    @Test(arguments: [1, 3])
    func pulsesBetweenPollsAreFlaggedByTheCounter(pulses: Int) async throws {
        let simulator = ADAM6050Simulator(logger: testLogger)
        defer { simulator.stop() }
        try await withPoller(port: try simulator.start()) { poller in
            simulator.pulse(5, count: pulses)
            let seen = try await events(of: poller, until: "missed pulses on DI5") {
                if case .missedPulses(let missed) = $0 { missed.channel == 5 } else { false }
            }
            guard case .missedPulses(let missed) = seen.last else { return }
            #expect(missed.count == UInt64(pulses))
            #expect(!seen.contains { if case .edge = $0 { true } else { false } })
        }
    }

    @Test func pollingContinuesThroughADisconnectAndCatchesUp() async throws {
        let first = ADAM6050Simulator(logger: testLogger)
        let port = try first.start()
        defer { first.stop() }
        try await withPoller(port: port) { poller in
            first.stop()
            let down = try await events(of: poller, until: "disconnected") {
                if case .connection(let change) = $0 { change.state == .disconnected } else { false }
            }
            guard case .connection(let change) = down.last else { return }
            #expect(change.error?.isTransportError == true)

            // While the device was away, DI2 went high and counted three pulses.
            try await Task.sleep(for: .milliseconds(150))
            let second = ADAM6050Simulator(configuration: SimulatorConfiguration(port: port), logger: testLogger)
            defer { second.stop() }
            second.setInput(2, true)
            second.pulse(2, count: 2)
            try second.start()
            let back = try await events(of: poller, until: "missed pulses after reconnect") {
                if case .missedPulses = $0 { true } else { false }
            }
            #expect(back.contains { if case .connection(let change) = $0 { change.state == .connected } else { false } })
            #expect(back.contains { if case .edge(let edge) = $0 { edge.channel == 2 && edge.direction == .rising } else { false } })
            guard case .missedPulses(let missed) = back.last else { return }
            #expect(missed.channel == 2 && missed.count == 2)
        }
    }

    @Test func exceptionsAreReportedWithoutDroppingTheConnection() async throws {
        let simulator = ADAM6050Simulator(logger: testLogger)
        defer { simulator.stop() }
        try await withPoller(port: try simulator.start()) { poller in
            simulator.faults.exceptionCode = ModbusExceptionCode.serverDeviceBusy.rawValue
            let seen = try await events(of: poller, until: "read failure") {
                if case .readFailed = $0 { true } else { false }
            }
            guard case .readFailed(let error, _) = seen.last else { return }
            #expect(error.exceptionCode == .serverDeviceBusy)
            #expect(!seen.contains { if case .connection = $0 { true } else { false } })
        }
    }

    @Test func cancellingThePollerFinishesItsEvents() async throws {
        let simulator = ADAM6050Simulator(logger: testLogger)
        defer { simulator.stop() }
        let port = try simulator.start()
        try await ModbusTCPClient.withClient(configuration: ModbusClientConfiguration(host: "127.0.0.1", port: port), logger: testLogger) { client in
            let poller = try ModbusPoller(client: client, configuration: .adam6050(period: .milliseconds(10)), logger: testLogger)
            let running = Task { try await poller.run() }
            running.cancel()
            let stream = poller.events
            let count = try await withTimeout(.seconds(5), "events to finish") {
                await stream.reduce(0) { count, _ in count + 1 }
            }
            #expect(count <= 1)
        }
    }

    @Test(arguments: [
        ModbusPollerConfiguration(period: .zero, inputCount: 12),
        ModbusPollerConfiguration(inputCount: 0),
        ModbusPollerConfiguration(inputCount: 63, counterAddress: 0),
        ModbusPollerConfiguration(inputAddress: 65_530, inputCount: 12),
    ])
    func impossibleConfigurationsAreRejected(configuration: ModbusPollerConfiguration) async throws {
        let client = ModbusTCPClient(configuration: ModbusClientConfiguration(host: "127.0.0.1", port: 1), logger: testLogger)
        #expect(throws: ModbusError.self) {
            _ = try ModbusPoller(client: client, configuration: configuration, logger: testLogger)
        }
    }
}

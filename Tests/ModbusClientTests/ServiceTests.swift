import Logging
import ModbusClient
import ModbusSimulator
import ServiceLifecycle
import Testing

@Suite("Simulator and poller as services")
struct ServiceTests {
    @Test func gracefulShutdownStopsThePollerAndTheSimulator() async throws {
        let simulator = ADAM6050Simulator(logger: testLogger)
        let port = try simulator.start()
        let client = ModbusTCPClient(
            configuration: ModbusClientConfiguration(host: "127.0.0.1", port: port, responseTimeout: .milliseconds(300)),
            logger: testLogger
        )
        let poller = try ModbusPoller(client: client, configuration: .adam6050(period: .milliseconds(20)), logger: testLogger)
        let group = ServiceGroup(services: [simulator, poller], logger: testLogger)
        let running = Task { try await group.run() }

        let stream = poller.events
        let connected = try await withTimeout(.seconds(5), "the poller to connect") {
            for await event in stream {
                if case .connection(let change) = event { return change.state == .connected }
            }
            return false
        }
        #expect(connected)
        simulator.setInput(1, true)
        let sawEdge = try await withTimeout(.seconds(5), "an edge before shutdown") {
            for await event in stream {
                if case .edge(let edge) = event, edge.channel == 1 { return true }
            }
            return false
        }
        #expect(sawEdge)

        await group.triggerGracefulShutdown()
        try await withTimeout(.seconds(5), "the service group to stop") {
            try await running.value
        }
        // The poller finished its events (or this times out), and the simulator no longer serves.
        try await withTimeout(.seconds(5), "events to finish") {
            for await _ in stream {}
        }
        try await Task.sleep(for: .milliseconds(150))
        let error = await modbusError { () async throws(ModbusError) in
            try await client.readDiscreteInputs(address: 0, count: 12)
        }
        #expect(error?.isTransportError == true)
        await client.close()
    }
}

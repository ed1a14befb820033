import ModbusClient
import ModbusSimulator
import Testing
import TestSupport

@Suite("Timeouts, reconnects and stale replies")
struct ConnectionTests {
    @Test func lateReplyIsATimeoutTransportError() async throws {
        try await withDevice(client: { $0.responseTimeout = .milliseconds(100) }) { simulator, client in
            simulator.faults.replyDelay = .milliseconds(300)
            let error = await modbusError { () async throws(ModbusError) in
                try await client.readDiscreteInputs(address: 0, count: 12)
            }
            #expect(error?.kind == .timeout)
            #expect(error?.isTransportError == true)
        }
    }

    @Test func requestAfterATimeoutNeverReadsTheLateReply() async throws {
        try await withDevice(client: { $0.responseTimeout = .milliseconds(200) }) { simulator, client in
            simulator.setHoldingRegister(60, 1111)
            simulator.setHoldingRegister(61, 2222)
            // The reply to the first request leaves the device 100 ms after the client gave
            // up, while the second request is waiting for its own answer.
            simulator.faults = SimulatorFaults(replyDelay: .milliseconds(300), delayedReplyLimit: 1)
            let error = await modbusError { () async throws(ModbusError) in
                try await client.readHoldingRegisters(address: 60, count: 1)
            }
            #expect(error?.kind == .timeout)

            let next = try await client.readHoldingRegisters(address: 61, count: 1)
            #expect(next == [2222])
            #expect(simulator.statistics.connectionsAccepted == 2)
        }
    }

    @Test func deviceClosingEveryFewRequestsIsInvisibleToCallers() async throws {
        try await withDevice { simulator, client in
            simulator.faults.closeAfterRequests = 2
            for round in 0..<6 {
                simulator.setInput(0, round % 2 == 0)
                let inputs = try await client.readDiscreteInputs(address: 0, count: 1)
                #expect(inputs == [round % 2 == 0])
            }
            #expect(simulator.statistics.connectionsAccepted == 3)
            #expect(simulator.statistics.connectionsDropped == 3)
        }
    }

    @Test func deviceDroppingAnIdleConnectionIsInvisibleToCallers() async throws {
        try await withDevice { simulator, client in
            simulator.faults.idleTimeout = .milliseconds(100)
            _ = try await client.readCoils(address: 16, count: 6)
            try await Task.sleep(for: .milliseconds(300))
            #expect(simulator.statistics.connectionsDropped == 1)
            simulator.setOutput(0, true)
            let outputs = try await client.readCoils(address: 16, count: 6)
            #expect(outputs.first == true)
            #expect(simulator.statistics.connectionsAccepted == 2)
        }
    }

    @Test func withoutRetryTheDroppedConnectionSurfacesOnce() async throws {
        try await withDevice(client: { $0.retryOnConnectionLoss = false }) { simulator, client in
            simulator.faults.closeAfterRequests = 1
            _ = try await client.readCoils(address: 16, count: 6)
            try await Task.sleep(for: .milliseconds(100))
            let error = await modbusError { () async throws(ModbusError) in
                try await client.readCoils(address: 16, count: 6)
            }
            #expect(error?.kind == .connectionLost)
            _ = try await client.readCoils(address: 16, count: 6)
            #expect(simulator.statistics.connectionsAccepted == 2)
        }
    }

    @Test func unreachableDeviceFailsWithItsAddressThenBacksOff() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let port = refusing.port
        let configuration = ModbusClientConfiguration(
            host: "127.0.0.1", port: port,
            reconnectBackoff: Backoff(initial: .milliseconds(800), maximum: .seconds(2), jitter: 0)
        )
        try await ModbusTCPClient.withClient(configuration: configuration, logger: testLogger) { client in
            let first = await modbusError { () async throws(ModbusError) in
                try await client.readDiscreteInputs(address: 0, count: 12)
            }
            #expect(first?.kind == .connectionFailed)
            #expect(first?.message.contains("127.0.0.1:\(port)") == true)

            let second = await modbusError { () async throws(ModbusError) in
                try await client.readDiscreteInputs(address: 0, count: 12)
            }
            #expect(second?.kind == .connectionFailed)
            #expect(second?.message.contains("next attempt in") == true)

            // The device comes back on the same port; the client finds it after the backoff.
            refusing.close()
            let simulator = ADAM6050Simulator(configuration: SimulatorConfiguration(port: port), logger: testLogger)
            try simulator.start()
            defer { simulator.stop() }
            simulator.setInput(7, true)
            try await Task.sleep(for: .milliseconds(900))
            let inputs = try await client.readDiscreteInputs(address: 0, count: 12)
            #expect(inputs[7])
        }
    }

    @Test func closedClientRefusesRequests() async throws {
        let client = ModbusTCPClient(configuration: ModbusClientConfiguration(host: "127.0.0.1", port: 1), logger: testLogger)
        await client.close()
        let error = await modbusError { () async throws(ModbusError) in
            try await client.readCoils(address: 0, count: 1)
        }
        #expect(error?.kind == .clientClosed)
    }

    @Test func devicesArePolledInParallelEachWithItsOwnConnection() async throws {
        let simulators = (0..<4).map { _ in ADAM6050Simulator(logger: testLogger) }
        defer { simulators.forEach { $0.stop() } }
        var clients: [ModbusTCPClient] = []
        for (index, simulator) in simulators.enumerated() {
            let port = try simulator.start()
            simulator.setInput(index, true)
            clients.append(ModbusTCPClient(configuration: ModbusClientConfiguration(host: "127.0.0.1", port: port), logger: testLogger))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, client) in clients.enumerated() {
                group.addTask {
                    for _ in 0..<50 {
                        let inputs = try await client.readDiscreteInputs(address: 0, count: 12)
                        #expect(inputs == (0..<12).map { $0 == index })
                    }
                }
            }
            try await group.waitForAll()
        }
        for client in clients {
            await client.close()
        }
        #expect(simulators.allSatisfy { $0.statistics.requests == 50 && $0.statistics.connectionsAccepted == 1 })
    }
}

import ModbusSimulator
import Testing

@testable import ModbusClient

/// `Thread.current` is unavailable in async code; a synchronous function may compare it.
private func isOnDeviceThread(of client: ModbusTCPClient) -> Bool {
    client.executor.isCurrentThread
}

@Suite("Running on the device thread")
struct DeviceThreadTests {
    @Test func codeInWithDeviceThreadRunsOnTheClientsOwnThread() async throws {
        try await withDevice { simulator, client in
            simulator.setInput(4, true)
            #expect(!isOnDeviceThread(of: client))
            let (onThread, inputs) = try await client.withDeviceThread { () async throws(ModbusError) in
                let inputs = try await client.readDiscreteInputs(address: 0, count: 12)
                return (isOnDeviceThread(of: client), inputs)
            }
            #expect(onThread)
            #expect(inputs == (0..<12).map { $0 == 4 })
        }
    }

    @Test func callersOnAndOffTheDeviceThreadShareOneConnection() async throws {
        try await withDevice { simulator, client in
            try await withTimeout(.seconds(10), "interleaved requests") {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await client.withDeviceThread {
                            for _ in 0..<50 {
                                let outputs = try await client.readCoils(address: 16, count: 6)
                                #expect(outputs.count == 6)
                            }
                        }
                    }
                    group.addTask {
                        for value in 0..<50 {
                            try await client.writeSingleRegister(address: 40, value: UInt16(value))
                        }
                    }
                    try await group.waitForAll()
                }
            }
            #expect(try await client.readHoldingRegisters(address: 40, count: 1) == [49])
            #expect(simulator.statistics.connectionsAccepted == 1)
        }
    }

    @Test func aTaskPreferringAClosedClientsExecutorStillRunsAndGetsClientClosed() async throws {
        let simulator = ADAM6050Simulator(logger: testLogger)
        let port = try simulator.start()
        defer { simulator.stop() }
        let client = ModbusTCPClient(configuration: ModbusClientConfiguration(host: "127.0.0.1", port: port), logger: testLogger)
        let error = try await withTimeout(.seconds(5), "a request after close") {
            await Task(executorPreference: client.taskExecutor) { () -> ModbusError? in
                _ = try? await client.readDiscreteInputs(address: 0, count: 1)
                await client.close()
                return await modbusError { () async throws(ModbusError) in
                    try await client.readDiscreteInputs(address: 0, count: 1)
                }
            }.value
        }
        #expect(error?.kind == .clientClosed)
    }
}

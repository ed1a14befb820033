import Foundation
import Logging
import MTConnectAgentSimulator
import MTConnectCoreClient
import ModbusSimulator
import ServiceLifecycle
import Testing

@Suite("Machine sources")
struct MachineSourcesTests {
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Polls `condition` until it holds or `limit` passes.
    func eventually(_ limit: Duration = .seconds(20), _ condition: @escaping @Sendable () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test("a simulated ADAM-6050 cycle input ends in stored edges and a measured cycle time")
    func modbusSourceMeasuresCycles() async throws {
        let adam = ADAM6050Simulator(logger: Self.quiet)
        let port = try adam.start()
        defer { adam.stop() }
        try await TestServer.with { server in
            let client = server.client()
            let machine = try await client.createMachine(
                externalId: "18", name: "Lathe",
                source: .modbus(ModbusSource(host: "127.0.0.1", port: port, pollIntervalMilliseconds: 20, cycleChannel: 0, spindleChannel: 1))
            )
            // Give the poller time to take its first snapshot, then cycle every ~400 ms.
            try await Task.sleep(for: .milliseconds(300))
            for _ in 0..<4 {
                adam.setInput(0, true)
                try await Task.sleep(for: .milliseconds(100))
                adam.setInput(0, false)
                try await Task.sleep(for: .milliseconds(300))
            }
            let measured = try await eventually { try await client.cycleTime(machine: "18").cycleCount >= 2 }
            #expect(measured)
            let cycle = try await client.cycleTime(machine: "18")
            #expect(cycle.source == "modbus")
            let seconds = try #require(cycle.lastCycleTime)
            #expect(seconds > 0.25 && seconds < 1.0)
            let edges = try await client.telemetry(machine: machine.id, from: Date().addingTimeInterval(-60), to: Date().addingTimeInterval(1), dataItems: ["di0_cycle"])
            #expect(edges.items.count >= 3)
        }
    }

    @Test("an unreachable ADAM-6050 is counted in /metrics as a Modbus source error and the server stays ready")
    func unreachableModbusSourceIsCounted() async throws {
        // A port that was just free: nothing listens there any more.
        let adam = ADAM6050Simulator(logger: Self.quiet)
        let port = try adam.start()
        adam.stop()
        try await TestServer.with { server in
            _ = try await server.client().createMachine(
                externalId: "19", name: "Unplugged lathe",
                source: .modbus(ModbusSource(host: "127.0.0.1", port: port, pollIntervalMilliseconds: 20, cycleChannel: 0))
            )
            let counted = try await eventually(.seconds(15)) {
                try await send(.GET, "\(server.baseURL)/metrics").text
                    .split(separator: "\n").contains { $0.hasPrefix("mtc_source_errors_total{") && $0.contains(#"source="modbus""#) }
            }
            #expect(counted)
            #expect(try await send(.GET, "\(server.baseURL)/readyz").status == 200)
        }
    }

    @Test("a simulated MTConnect agent's part counts end in stored samples and a measured cycle time")
    func mtconnectSourceMeasuresCycles() async throws {
        var configuration = AgentSimulatorConfiguration()
        configuration.stepInterval = .milliseconds(50)
        let agent = AgentSimulator(configuration: configuration, source: ScriptedMill(cycleLength: 4), logger: Self.quiet)
        let group = ServiceGroup(configuration: .init(services: [agent], logger: Self.quiet))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { tasks.cancelAll() }
            #expect(try await eventually(.seconds(10)) { agent.port != 0 })
            try await TestServer.with { server in
                let client = server.client()
                let machine = try await client.createMachine(
                    externalId: "17", name: "Mill",
                    source: .mtconnect(agentURL: agent.baseURL, device: "Mill", intervalMilliseconds: 50)
                )
                let measured = try await eventually { try await client.cycleTime(machine: "17").cycleCount >= 2 }
                #expect(measured)
                let cycle = try await client.cycleTime(machine: "17")
                #expect(cycle.source == "mtconnect")
                #expect((cycle.lastCycleTime ?? 0) > 0.05)
                let samples = try await client.telemetry(
                    machine: machine.id, from: Date().addingTimeInterval(-60), to: Date().addingTimeInterval(1), dataItems: ["partcount"]
                )
                #expect(samples.items.count >= 2)
            }
            await group.triggerGracefulShutdown()
        }
    }
}

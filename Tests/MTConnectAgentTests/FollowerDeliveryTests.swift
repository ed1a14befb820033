import AsyncHTTPClient
import Foundation
import MTConnectAgent
import MTConnectAgentSimulator
import MTConnectModel
import Testing

@Suite(.timeLimit(.minutes(1)))
struct FollowerDeliveryTests {
    static let modes: [AgentFollowerConfiguration.Mode] = [.streaming, .polling]

    @Test("delivers every observation exactly once and in order",
          arguments: modes, [MTConnectDocumentVersion.v1_3, .v2_0])
    func deliversEverything(mode: AgentFollowerConfiguration.Mode, version: MTConnectDocumentVersion) async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration { $0.version = version }, source: ScriptedMill())
        try await FollowerHarness.follow(simulator, configuration: FollowerHarness.fastConfiguration(mode)) { recorder in
            for _ in 0..<5 {
                simulator.step(20)
                try await Task.sleep(for: .milliseconds(15))
            }
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: simulator.instanceId)
            #expect(simulator.history.count > 100)
            FollowerHarness.expectExactlyOnce(recorder, simulator)
            let connected = recorder.events.compactMap { if case .connected(let connection) = $0 { connection } else { nil } }
            #expect(connected.first?.mode == mode)
            #expect(connected.first?.version?.hasPrefix(version.description) == true)
            #expect(connected.first?.devices == ["Mill"])
        }
    }

    @Test("typed values arrive as the agent reported them: numbers, conditions and escaped messages")
    func typedValues() async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration())
        try await FollowerHarness.follow(simulator, configuration: FollowerHarness.fastConfiguration(.streaming)) { recorder in
            let appended = simulator.append([
                SimulatedObservation(dataItemId: "Sspeed", value: .value("1234.5")),
                SimulatedObservation(dataItemId: "system", value: .condition(level: "FAULT", nativeCode: "E1", severity: "2", text: "Overload <spindle> & \"axis\"")),
                SimulatedObservation(dataItemId: "message", value: .message(nativeCode: "M7", text: "Tool 'T1' < 10% & worn")),
                SimulatedObservation(dataItemId: "execution", value: .value("ACTIVE")),
            ])
            try await recorder.waitForSequence(appended.last!.sequence, instance: simulator.instanceId)
            let received = Dictionary(recorder.observations.suffix(4).map { ($0.dataItemId, $0) }, uniquingKeysWith: { $1 })
            #expect(received["Sspeed"]?.value.number == 1234.5)
            guard case .condition(let condition) = received["system"]?.value else {
                Issue.record("system is not a condition: \(String(describing: received["system"]))")
                return
            }
            #expect(condition.level == .fault)
            #expect(condition.nativeCode == "E1")
            #expect(condition.message == "Overload <spindle> & \"axis\"")
            #expect(received["message"]?.value.text == "Tool 'T1' < 10% & worn")
            #expect(received["execution"]?.value.text == "ACTIVE")
        }
    }

    @Test("starting at current delivers the latest value of each data item, then everything newer")
    func startsAtCurrent() async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration(), source: ScriptedMill())
        simulator.step(30)
        var configuration = FollowerHarness.fastConfiguration(.streaming)
        configuration.startPosition = .current
        try await FollowerHarness.follow(simulator, configuration: configuration) { recorder in
            try await recorder.wait(for: "the current snapshot") { $0.delivered.count >= SimulatedDevice.mill.dataItems.count }
            let snapshotIds = recorder.delivered.prefix(SimulatedDevice.mill.dataItems.count).map(\.dataItemId)
            #expect(Set(snapshotIds) == Set(SimulatedDevice.mill.dataItems.map(\.id)))
            let after = simulator.step(5)
            try await recorder.waitForSequence(after.last!.sequence, instance: simulator.instanceId)
            let tail = recorder.delivered.suffix(after.count).map(\.sequence)
            #expect(tail == after.map(\.sequence))
            #expect(Set(recorder.delivered).count == recorder.delivered.count)
        }
    }

    @Test("a part split across HTTP chunks arrives whole, with and without Content-length",
          arguments: [true, false], ["mixed", "x-mixed-replace"])
    func chunkBoundarySplitsParts(contentLength: Bool, subtype: String) async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration {
            $0.streamChunkSize = 7
            $0.partsCarryContentLength = contentLength
            $0.multipartSubtype = subtype
        }, source: ScriptedMill())
        try await FollowerHarness.follow(simulator, configuration: FollowerHarness.fastConfiguration(.streaming)) { recorder in
            for _ in 0..<4 {
                simulator.step(10)
                try await Task.sleep(for: .milliseconds(20))
            }
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: simulator.instanceId)
            FollowerHarness.expectExactlyOnce(recorder, simulator)
            // On a loaded machine a slow stream may be reconnected; a split part must never be misread.
            #expect(!recorder.disconnections.contains { $0.kind == .invalidStream || $0.kind == .invalidDocument })
        }
    }

    @Test("gzip responses are decompressed", arguments: modes)
    func gzip(mode: AgentFollowerConfiguration.Mode) async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration { $0.compressesResponses = true }, source: ScriptedMill())
        try await FollowerHarness.follow(simulator, configuration: FollowerHarness.fastConfiguration(mode)) { recorder in
            simulator.step(40)
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: simulator.instanceId)
            FollowerHarness.expectExactlyOnce(recorder, simulator)
        }
    }

    @Test("the device filter and the path filter are passed through to the agent", arguments: modes)
    func filters(mode: AgentFollowerConfiguration.Mode) async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration(), source: ScriptedMill())
        var configuration = FollowerHarness.fastConfiguration(mode)
        configuration.device = "Mill"
        configuration.path = #"//DataItem[@type="EXECUTION"]|//DataItem[@id='partcount']"#
        try await FollowerHarness.follow(simulator, configuration: configuration) { recorder in
            simulator.step(60)
            let last = simulator.history.last { ["execution", "partcount"].contains($0.observation.dataItemId) }!
            try await recorder.waitForSequence(last.sequence, instance: simulator.instanceId)
            FollowerHarness.expectExactlyOnce(recorder, simulator, includeIds: ["execution", "partcount"])
        }
    }

    @Test("a follower uses the HTTP client it is given, with extra headers, and leaves it running")
    func sharedClient() async throws {
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.decompression = .enabled(limit: .size(16 << 20))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration(), source: ScriptedMill())
        var configuration = FollowerHarness.fastConfiguration(.streaming)
        configuration.headers = ["Authorization": "Bearer agent-proxy-token"]
        do {
            try await FollowerHarness.follow(simulator, configuration: configuration, httpClient: client) { recorder in
                let appended = simulator.step(10)
                try await recorder.waitForSequence(appended.last!.sequence, instance: simulator.instanceId)
                FollowerHarness.expectExactlyOnce(recorder, simulator)
                let probe = try await client.execute(HTTPClientRequest(url: simulator.baseURL + "/probe"), timeout: .seconds(10))
                #expect(probe.status == .ok)
            }
            // The follower stopped and the simulator is gone: the client is still open (a refused
            // connection, not `alreadyShutdown`).
            do {
                _ = try await client.execute(HTTPClientRequest(url: simulator.baseURL + "/probe"), timeout: .seconds(10))
            } catch let error as HTTPClientError {
                #expect(error != .alreadyShutdown)
            } catch {}
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}

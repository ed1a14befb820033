import MTConnectAgent
import MTConnectAgentSimulator
import MTConnectModel
import MetricsTestKit
import Testing

@Suite(.timeLimit(.minutes(1)))
struct FollowerMetricsTests {
    static let modes: [AgentFollowerConfiguration.Mode] = [.streaming, .polling]

    @Test("metrics count delivered observations, the gap with its lost sequences, the resync and a lag of zero once caught up",
          arguments: modes)
    func countsDeliveryAndGaps(mode: AgentFollowerConfiguration.Mode) async throws {
        let metrics = TestMetrics()
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration { $0.bufferSize = 32 }, source: ScriptedMill())
        var configuration = FollowerHarness.fastConfiguration(mode)
        configuration.pollingInterval = .milliseconds(200)
        configuration.interval = .milliseconds(200)
        configuration.metricsDimensions = [("machine", "mill")]
        try await FollowerHarness.follow(simulator, configuration: configuration, metrics: metrics) { recorder in
            let instance = simulator.instanceId
            let before = simulator.step(10)
            try await recorder.waitForSequence(before.last!.sequence, instance: instance)
            let flood = simulator.append((0..<200).map { SimulatedObservation(dataItemId: "Xact", value: .value(String($0))) })
            try await recorder.waitForSequence(flood.last!.sequence, instance: instance)
            let dimensions = [("machine", "mill")]

            let gaps = recorder.gaps
            try #require(gaps.count == 1)
            #expect(try metrics.expectCounter("mtconnect_agent_observations_total", dimensions).totalValue == Int64(recorder.delivered.count))
            #expect(try metrics.expectCounter("mtconnect_agent_gaps_total", dimensions).totalValue == 1)
            #expect(try metrics.expectCounter("mtconnect_agent_lost_sequences_total", dimensions).totalValue == Int64(gaps[0].lost))
            #expect(try metrics.expectCounter("mtconnect_agent_resyncs_total", dimensions).totalValue == 1)
            #expect(try metrics.expectGauge("mtconnect_agent_lag_sequences", dimensions).lastValue == 0)
            #expect(try metrics.expectGauge("mtconnect_agent_lag_sequences", dimensions).values.contains { $0 > 0 })
        }
    }

    @Test("metrics count a heartbeat timeout and the reconnect that follows it")
    func countsHeartbeatTimeoutsAndReconnects() async throws {
        let metrics = TestMetrics()
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration(), source: ScriptedMill())
        var configuration = FollowerHarness.fastConfiguration(.streaming)
        configuration.heartbeat = .milliseconds(100)
        configuration.heartbeatTimeout = .milliseconds(800)
        configuration.requestTimeout = .milliseconds(800)
        try await FollowerHarness.follow(simulator, configuration: configuration, metrics: metrics) { recorder in
            let instance = simulator.instanceId
            simulator.step(10)
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: instance)
            simulator.setStalled(true)
            try await recorder.wait(for: "a heartbeat timeout") { recorder in
                recorder.disconnections.contains { $0.kind == .heartbeatTimeout }
            }
            simulator.setStalled(false)
            simulator.step(10)
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: instance)
            // A loaded machine may time out more than once; each timeout is counted once.
            let timeouts = recorder.disconnections.filter { $0.kind == .heartbeatTimeout }.count
            #expect(timeouts >= 1)
            #expect(try metrics.expectCounter("mtconnect_agent_heartbeat_timeouts_total").totalValue == Int64(timeouts))
            #expect(try metrics.expectCounter("mtconnect_agent_reconnects_total").totalValue == Int64(recorder.disconnections.count))
            #expect(try metrics.expectCounter("mtconnect_agent_resyncs_total").totalValue == 0)
        }
    }
}

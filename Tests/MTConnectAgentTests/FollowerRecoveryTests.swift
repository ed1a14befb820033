import Foundation
import Logging
import MTConnectAgent
import MTConnectAgentSimulator
import MTConnectModel
import Testing

@Suite(.timeLimit(.minutes(1)))
struct FollowerRecoveryTests {
    static let modes: [AgentFollowerConfiguration.Mode] = [.streaming, .polling]

    @Test("a connection dropped mid-stream is reconnected without repeating or losing observations", arguments: modes)
    func reconnectsAfterDrop(mode: AgentFollowerConfiguration.Mode) async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration(), source: ScriptedMill())
        try await FollowerHarness.follow(simulator, configuration: FollowerHarness.fastConfiguration(mode)) { recorder in
            let instance = simulator.instanceId
            for round in 0..<3 {
                simulator.step(15)
                try await recorder.waitForSequence(simulator.nextSequence - 1, instance: instance)
                simulator.dropConnections()
                simulator.step(5 + round)
            }
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: instance)
            FollowerHarness.expectExactlyOnce(recorder, simulator)
            #expect(recorder.gaps.isEmpty)
        }
    }

    @Test("an agent restart is reported and the new instance is followed from its first observation", arguments: modes)
    func followsAcrossRestart(mode: AgentFollowerConfiguration.Mode) async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration(), source: ScriptedMill())
        try await FollowerHarness.follow(simulator, configuration: FollowerHarness.fastConfiguration(mode)) { recorder in
            let first = simulator.instanceId
            simulator.step(20)
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: first)
            simulator.restart()
            let second = simulator.instanceId
            simulator.step(20)
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: second)
            let restarts = recorder.events.compactMap { event -> (UInt64, UInt64)? in
                if case .agentRestarted(let previous, let instance) = event { (previous, instance) } else { nil }
            }
            #expect(restarts.count == 1)
            #expect(restarts.first?.0 == first)
            #expect(restarts.first?.1 == second)
            FollowerHarness.expectExactlyOnce(recorder, simulator)
        }
    }

    @Test("a buffer overrun is reported as a gap of the exact size and following resumes", arguments: modes)
    func reportsOverrunGap(mode: AgentFollowerConfiguration.Mode) async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration { $0.bufferSize = 32 }, source: ScriptedMill())
        var configuration = FollowerHarness.fastConfiguration(mode)
        configuration.pollingInterval = .milliseconds(200)
        configuration.interval = .milliseconds(200)
        try await FollowerHarness.follow(simulator, configuration: configuration) { recorder in
            let instance = simulator.instanceId
            try await recorder.wait(for: "the first connection") { recorder in
                recorder.events.contains { if case .connected = $0 { true } else { false } }
            }
            let before = simulator.step(10)
            try await recorder.waitForSequence(before.last!.sequence, instance: instance)
            // Far more than the buffer holds, in one go: the follower's next sequence falls out.
            let flood = simulator.append((0..<200).map { SimulatedObservation(dataItemId: "Xact", value: .value(String($0))) })
            try await recorder.waitForSequence(flood.last!.sequence, instance: instance)
            let gaps = recorder.gaps
            try #require(gaps.count == 1)
            #expect(gaps[0].expected == before.last!.sequence + 1)
            #expect(gaps[0].lost >= 200 - 32)
            let afterGap = recorder.delivered.first { $0.sequence >= gaps[0].resumedAt }
            #expect(afterGap?.sequence == gaps[0].resumedAt)
            #expect(recorder.events.contains { if case .resynced(let next) = $0 { next == gaps[0].resumedAt } else { false } })
            FollowerHarness.expectExactlyOnce(recorder, simulator)
        }
    }

    @Test("a stream that stalls without heartbeats times out and is reconnected")
    func heartbeatTimeoutReconnects() async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration(), source: ScriptedMill())
        var configuration = FollowerHarness.fastConfiguration(.streaming)
        configuration.heartbeat = .milliseconds(100)
        configuration.heartbeatTimeout = .milliseconds(800)
        configuration.requestTimeout = .milliseconds(800)
        try await FollowerHarness.follow(simulator, configuration: configuration) { recorder in
            let instance = simulator.instanceId
            simulator.step(10)
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: instance)
            simulator.setStalled(true)
            simulator.step(10)
            try await recorder.wait(for: "a heartbeat timeout") { recorder in
                recorder.disconnections.contains { $0.kind == .heartbeatTimeout }
            }
            simulator.setStalled(false)
            simulator.step(10)
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: instance)
            FollowerHarness.expectExactlyOnce(recorder, simulator)
        }
    }

    @Test("a poll that gets no answer times out and is retried")
    func pollTimeoutRetries() async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration(), source: ScriptedMill())
        var configuration = FollowerHarness.fastConfiguration(.polling)
        configuration.requestTimeout = .milliseconds(600)
        try await FollowerHarness.follow(simulator, configuration: configuration) { recorder in
            let instance = simulator.instanceId
            simulator.step(10)
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: instance)
            simulator.setStalled(true)
            try await recorder.wait(for: "a request timeout") { recorder in
                recorder.disconnections.contains { $0.kind == .requestTimeout }
            }
            simulator.setStalled(false)
            simulator.step(10)
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: instance)
            FollowerHarness.expectExactlyOnce(recorder, simulator)
        }
    }

    @Test("a transient Error document is reported and retried without losing observations", arguments: modes)
    func transientErrorDocument(mode: AgentFollowerConfiguration.Mode) async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration(), source: ScriptedMill())
        try await FollowerHarness.follow(simulator, configuration: FollowerHarness.fastConfiguration(mode)) { recorder in
            let instance = simulator.instanceId
            simulator.step(10)
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: instance)
            simulator.failNextRequests(with: .internalError, count: 2)
            simulator.step(10)
            try await recorder.wait(for: "the agent error") { recorder in
                recorder.disconnections.contains { $0.kind == .agentUnavailable && $0.agentErrors?.errors.first?.code == .internalError }
            }
            simulator.step(10)
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: instance)
            FollowerHarness.expectExactlyOnce(recorder, simulator)
        }
    }

    @Test("an OUT_OF_RANGE Error document mid-stream resyncs from current", arguments: modes)
    func injectedOutOfRange(mode: AgentFollowerConfiguration.Mode) async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration(), source: ScriptedMill())
        try await FollowerHarness.follow(simulator, configuration: FollowerHarness.fastConfiguration(mode)) { recorder in
            let instance = simulator.instanceId
            simulator.step(10)
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: instance)
            simulator.failNextRequests(with: .outOfRange)
            simulator.step(10)
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: instance)
            // Nothing fell out of the buffer, so nothing is lost.
            #expect(recorder.gaps.isEmpty)
            FollowerHarness.expectExactlyOnce(recorder, simulator)
        }
    }

    @Test("an agent that keeps answering with errors is retried with growing delays, not in a hot loop",
          arguments: modes, [SimulatedAgentError.outOfRange, .internalError])
    func repeatedErrorsBackOff(mode: AgentFollowerConfiguration.Mode, error: SimulatedAgentError) async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration(), source: ScriptedMill())
        var configuration = FollowerHarness.fastConfiguration(mode)
        configuration.backoff = Backoff(initial: .milliseconds(50), maximum: .seconds(1), multiplier: 2, jitter: 0)
        try await FollowerHarness.follow(simulator, configuration: configuration) { recorder in
            let instance = simulator.instanceId
            simulator.step(10)
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: instance)
            simulator.failNextRequests(with: error, count: 4)
            let started = ContinuousClock.now
            simulator.step(10)
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: instance)
            let elapsed = ContinuousClock.now - started
            let waits = recorder.events.compactMap { event -> (kind: AgentFollowerError.Kind, retryIn: Duration)? in
                guard case .disconnected(let reason, let retryIn) = event else { return nil }
                return (reason.kind, retryIn)
            }
            if error == .outOfRange {
                // A resync right after progress is free; each further OUT_OF_RANGE waits longer.
                #expect(waits.filter { $0.kind == .outOfRange }.map(\.retryIn) == [.milliseconds(50), .milliseconds(100), .milliseconds(200)])
                #expect(elapsed >= .milliseconds(350))
            } else {
                // Every failed request waits twice as long as the one before; a connection the
                // agent closed under a retry may add an attempt, but never resets the backoff.
                #expect(waits.filter { $0.kind == .agentUnavailable }.count == 4)
                #expect(waits.first?.retryIn == .milliseconds(50))
                #expect(zip(waits, waits.dropFirst()).allSatisfy { $1.retryIn == $0.retryIn * 2 }, "\(waits)")
                #expect(elapsed >= .milliseconds(750))
            }
            #expect(recorder.gaps.isEmpty)
            FollowerHarness.expectExactlyOnce(recorder, simulator)
        }
    }

    @Test("an Error document that retrying cannot fix ends run() with a typed error",
          arguments: modes, [AgentError.Code.noDevice, .invalidXPath])
    func fatalErrorDocument(mode: AgentFollowerConfiguration.Mode, code: AgentError.Code) async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration())
        var configuration = FollowerHarness.fastConfiguration(mode)
        if code == .noDevice {
            configuration.device = "NoSuchMill"
        } else {
            configuration.path = "//Device/following-sibling::*"
        }
        let error = try await FollowerHarness.follow(simulator, configuration: configuration) { recorder in
            try await recorder.wait(for: "the follower to stop by itself") { $0.isFinished }
        }
        let followerError = try #require(error as? AgentFollowerError)
        #expect(followerError.kind == .agentError)
        #expect(followerError.agentErrors?.errors.first?.code == code)
    }

    @Test("an agent that rejects interval is followed by polling")
    func fallsBackToPolling() async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration { $0.supportsStreaming = false }, source: ScriptedMill())
        try await FollowerHarness.follow(simulator, configuration: FollowerHarness.fastConfiguration(.streaming)) { recorder in
            simulator.step(30)
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: simulator.instanceId)
            let modes = recorder.events.compactMap { if case .connected(let connection) = $0 { connection.mode } else { nil } }
            #expect(modes.last == .polling)
            FollowerHarness.expectExactlyOnce(recorder, simulator)
        }
    }

    @Test("an agent that cannot be reached is retried with backoff until cancelled")
    func unreachableAgent() async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration())
        try await simulator.start()
        let url = simulator.baseURL
        try await simulator.shutdown()
        var configuration = FollowerHarness.fastConfiguration(.streaming)
        configuration.requestTimeout = .milliseconds(500)
        let follower = try AgentFollower(url: url, configuration: configuration, logger: Logger(label: "test"))
        let recorder = EventRecorder()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await follower.run() }
            group.addTask { for try await event in follower.events { recorder.record(event) } }
            try await recorder.wait(for: "three failed attempts") { $0.disconnections.count >= 3 }
            let started = ContinuousClock.now
            group.cancelAll()
            try await group.waitForAll()
            #expect(ContinuousClock.now - started < .seconds(5))
        }
        #expect(recorder.disconnections.allSatisfy { $0.kind == .connectionFailed || $0.kind == .requestTimeout })
    }
}

import Foundation
import Logging
import MTConnectAgent
import MTConnectAgentSimulator
import ServiceLifecycle
import Testing

@Suite(.timeLimit(.minutes(1)))
struct FollowerLifecycleTests {
    static let modes: [AgentFollowerConfiguration.Mode] = [.streaming, .polling]
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus/mtconnect/shdr")

    @Test("replayed SHDR logs from the shared corpus arrive exactly once and in order",
          arguments: ["mtcagentjs_Mazak01.log", "cppagent_simple_scenario_1.txt", "mtcagentjs_Mazak03.log"], modes)
    func replaysCorpusLog(file: String, mode: AgentFollowerConfiguration.Mode) async throws {
        let url = Self.corpus.appendingPathComponent(file)
        guard let log = try? String(contentsOf: url, encoding: .utf8) else {
            print("skipped: \(url.path) is not there (the shared corpus lives beside the repository)")
            return
        }
        let lines = log.split(whereSeparator: \.isNewline).map(String.init)
        let device = SimulatedDevice.inferred(fromSHDR: lines)
        let simulator = AgentSimulator(
            configuration: FollowerHarness.simulatorConfiguration { $0.device = device; $0.bufferSize = 8192 },
            source: SHDRReplay(log: log, device: device, loops: false)
        )
        try await FollowerHarness.follow(simulator, configuration: FollowerHarness.fastConfiguration(mode)) { recorder in
            for _ in 0..<10 {
                simulator.step(lines.count / 10 + 1)
                try await Task.sleep(for: .milliseconds(10))
            }
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: simulator.instanceId)
            #expect(simulator.history.count > device.dataItems.count)
            FollowerHarness.expectExactlyOnce(recorder, simulator)
        }
    }

    @Test("a graceful shutdown of its ServiceGroup stops the follower and ends its events", arguments: modes)
    func stopsOnGracefulShutdown(mode: AgentFollowerConfiguration.Mode) async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration(), source: ScriptedMill())
        try await simulator.start()
        let follower = try AgentFollower(url: simulator.baseURL, configuration: FollowerHarness.fastConfiguration(mode), logger: Logger(label: "test"))
        let group = ServiceGroup(configuration: .init(services: [follower], logger: Logger(label: "test.group")))
        let recorder = EventRecorder()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                for try await event in follower.events { recorder.record(event) }
                recorder.finish()
            }
            simulator.step(10)
            try await recorder.waitForSequence(simulator.nextSequence - 1, instance: simulator.instanceId)
            await group.triggerGracefulShutdown()
            try await recorder.wait(for: "the events to end", timeout: .seconds(10)) { $0.isFinished }
            try await tasks.waitForAll()
        }
        try await simulator.shutdown()
    }

    @Test("cancelling run() stops a stream or a poll promptly, even between long waits", arguments: modes)
    func cancellationIsPrompt(mode: AgentFollowerConfiguration.Mode) async throws {
        let simulator = AgentSimulator(configuration: FollowerHarness.simulatorConfiguration(), source: ScriptedMill())
        try await simulator.start()
        var configuration = FollowerHarness.fastConfiguration(mode)
        configuration.heartbeat = .seconds(30)
        configuration.heartbeatTimeout = .seconds(60)
        configuration.pollingInterval = .seconds(60)
        let follower = try AgentFollower(url: simulator.baseURL, configuration: configuration, logger: Logger(label: "test"))
        let recorder = EventRecorder()
        let run = Task { try await follower.run() }
        let consume = Task {
            for try await event in follower.events { recorder.record(event) }
            recorder.finish()
        }
        simulator.step(5)
        try await recorder.waitForSequence(simulator.nextSequence - 1, instance: simulator.instanceId)
        let cancelled = ContinuousClock.now
        run.cancel()
        try await recorder.wait(for: "the events to end after cancellation", timeout: .seconds(5)) { $0.isFinished }
        #expect(ContinuousClock.now - cancelled < .seconds(5))
        try await run.value
        try await consume.value
        try await simulator.shutdown()
    }

    @Test("an invalid URL is refused when the follower is created")
    func invalidURL() {
        #expect(throws: AgentFollowerError.self) {
            _ = try AgentFollower(url: "not a url", logger: Logger(label: "test"))
        }
    }
}

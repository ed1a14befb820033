import AsyncHTTPClient
import Foundation
import Logging
import MTConnectAgent
import MTConnectAgentSimulator
import MetricsTestKit
import Testing

/// Starts a simulator and a follower over loopback, records the follower's events while
/// `body` drives the simulator, and tears both down, all within bounded time.
enum FollowerHarness {
    static func fastConfiguration(_ mode: AgentFollowerConfiguration.Mode) -> AgentFollowerConfiguration {
        var configuration = AgentFollowerConfiguration()
        configuration.mode = mode
        configuration.startPosition = .earliest
        configuration.interval = .milliseconds(10)
        configuration.heartbeat = .milliseconds(200)
        // Generous: the test machine's two cores are shared by many parallel builds and tests.
        configuration.heartbeatTimeout = .seconds(5)
        configuration.requestTimeout = .seconds(5)
        configuration.pollingInterval = .milliseconds(20)
        configuration.backoff = Backoff(initial: .milliseconds(20), maximum: .milliseconds(200))
        return configuration
    }

    static func simulatorConfiguration(_ edit: (inout AgentSimulatorConfiguration) -> Void = { _ in }) -> AgentSimulatorConfiguration {
        var configuration = AgentSimulatorConfiguration()
        configuration.keepsHistory = true
        edit(&configuration)
        return configuration
    }

    /// - Returns: the error `run()` ended with, if any.
    @discardableResult
    static func follow(
        _ simulator: AgentSimulator,
        configuration: AgentFollowerConfiguration,
        metrics: TestMetrics? = nil,
        httpClient: HTTPClient? = nil,
        _ body: @Sendable (EventRecorder) async throws -> Void
    ) async throws -> (any Error)? {
        try await simulator.start()
        let recorder = EventRecorder()
        let follower = try AgentFollower(
            url: simulator.baseURL, configuration: configuration, logger: Logger(label: "test.follower"), metricsFactory: metrics,
            httpClient: httpClient
        )
        let runError: (any Error)?
        do {
            runError = try await withThrowingTaskGroup(of: (any Error)?.self) { group in
                group.addTask {
                    do {
                        try await follower.run()
                        return nil
                    } catch {
                        return error
                    }
                }
                group.addTask {
                    do {
                        for try await event in follower.events { recorder.record(event) }
                    } catch {}
                    recorder.finish()
                    return nil
                }
                defer { group.cancelAll() }
                try await body(recorder)
                group.cancelAll()
                var result: (any Error)?
                while let next = try await group.next() {
                    if let next { result = next }
                }
                return result
            }
        } catch {
            try? await simulator.shutdown()
            throw error
        }
        try await simulator.shutdown()
        return runError
    }

    /// Checks exactly-once, in-order delivery: every observation of the simulator's history
    /// was delivered once and in order, except those inside reported gaps.
    static func expectExactlyOnce(_ recorder: EventRecorder, _ simulator: AgentSimulator, includeIds: Set<String>? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let delivered = recorder.delivered
        let lost = recorder.gaps
        let expected = simulator.history
            .filter { includeIds?.contains($0.observation.dataItemId) ?? true }
            .filter { observation in !lost.contains { $0.expected <= observation.sequence && observation.sequence < $0.resumedAt } }
            .map { EventRecorder.Delivered(instanceId: $0.instanceId, sequence: $0.sequence, dataItemId: $0.observation.dataItemId) }
        #expect(Set(delivered).count == delivered.count, "an observation was delivered twice", sourceLocation: sourceLocation)
        let difference = zip(delivered, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(delivered == expected, "delivered \(delivered.count), expected \(expected.count); first difference at \(difference ?? min(delivered.count, expected.count))", sourceLocation: sourceLocation)
    }
}

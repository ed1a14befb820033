import Benchmark
import Logging
import MTConnectAgent
import MTConnectAgentSimulator

/// Observations a simulator holds before the follower starts; one iteration streams them all.
private let observationsPerIteration = 20_000

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        maxDuration: .seconds(30),
        maxIterations: 10
    )

    // Measures: observations per second delivered by AgentFollower in streaming mode
    // (multipart/mixed, 1000 observations per part, interval 0) from an in-process simulator
    // over loopback HTTP, through multipart splitting, MTConnectModel parsing, sequence
    // tracking and the event sequence. One iteration = 20,000 observations; throughput is
    // reported per iteration, so observations/s = throughput × 20,000.
    // Floor: the Streams parser's own rate (MTConnectModelBenchmarks) is the ceiling; the
    // follower should stay within a factor of two of it and above 50,000 observations/s.
    Benchmark("Follower streaming from the simulator over loopback (20k observations per iteration)") { benchmark in
        var simulatorConfiguration = AgentSimulatorConfiguration()
        simulatorConfiguration.bufferSize = observationsPerIteration + 64
        simulatorConfiguration.maximumCount = 1000
        let simulator = AgentSimulator(configuration: simulatorConfiguration, source: ScriptedMill())
        try await simulator.start()
        var total = simulator.nextSequence - 1
        while total < UInt64(observationsPerIteration) {
            total += UInt64(simulator.step(100).count)
        }
        let target = simulator.nextSequence - 1

        var configuration = AgentFollowerConfiguration()
        configuration.startPosition = .earliest
        configuration.interval = .zero
        configuration.count = 1000
        let follower = try AgentFollower(url: simulator.baseURL, configuration: configuration, logger: Logger(label: "benchmark"))

        benchmark.startMeasurement()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await follower.run() }
            var received = 0
            for try await event in follower.events {
                if case .observation(let observation) = event {
                    received += 1
                    if observation.sequence >= target { break }
                }
            }
            benchmark.stopMeasurement()
            blackHole(received)
            group.cancelAll()
        }
        try await simulator.shutdown()
    }
}

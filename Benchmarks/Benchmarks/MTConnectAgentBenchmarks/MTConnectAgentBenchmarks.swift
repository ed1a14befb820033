import Benchmark
import Logging
import MTConnectAgent
import MTConnectAgentSimulator
import MTConnectModel

/// Observations a simulator holds before the follower starts; one iteration streams them all.
private let observationsPerIteration = 20_000
/// Observations per streamed part and per parsed document: the follower's default `count`.
private let observationsPerDocument = 1000

let observationsPerSecond = BenchmarkMetric.custom("observations/s", polarity: .prefersLarger, useScalingFactor: false)

/// A started simulator whose buffer holds at least `observationsPerIteration` observations of
/// the scripted mill, and the sequence number of its last one.
private func filledSimulator() async throws -> (AgentSimulator, last: UInt64) {
    var configuration = AgentSimulatorConfiguration()
    configuration.bufferSize = observationsPerIteration + 64
    configuration.maximumCount = observationsPerDocument
    let simulator = AgentSimulator(configuration: configuration, source: ScriptedMill())
    try await simulator.start()
    while simulator.nextSequence - 1 < UInt64(observationsPerIteration) {
        simulator.step(100)
    }
    return (simulator, simulator.nextSequence - 1)
}

private func rate(_ observations: Int, since start: ContinuousClock.Instant) -> Int {
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Int(Double(observations) / seconds)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, observationsPerSecond],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 10
    )

    // Measures: observations per second delivered by AgentFollower in streaming mode
    // (multipart/mixed, 1000 observations per part, interval 0) from an in-process simulator
    // over loopback HTTP, through multipart splitting, MTConnectModel parsing, sequence
    // tracking and the event sequence, to a consumer that reads every event. The simulator
    // renders its XML on the same two cores, so the figure includes the agent's side too.
    // Floor: the parser benchmark below, on the very documents this stream carries, is the
    // ceiling; the follower should reach at least half of it.
    Benchmark("Follower: streaming from the simulator over loopback (observations/s)") { benchmark in
        let (simulator, target) = try await filledSimulator()
        var configuration = AgentFollowerConfiguration()
        configuration.startPosition = .earliest
        configuration.interval = .zero
        configuration.count = observationsPerDocument
        let follower = try AgentFollower(url: simulator.baseURL, configuration: configuration, logger: Logger(label: "benchmark"))

        benchmark.startMeasurement()
        let start = ContinuousClock.now
        var received = 0
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await follower.run() }
            for try await event in follower.events {
                if case .observation(let observation) = event {
                    received += 1
                    if observation.sequence >= target { break }
                }
            }
            benchmark.stopMeasurement()
            benchmark.measurement(observationsPerSecond, rate(received, since: start))
            group.cancelAll()
        }
        blackHole(received)
        try await simulator.shutdown()
    }

    // Measures: MTConnectParser.parse, the call the follower makes per part, on the same
    // 1000-observation /sample documents the simulator streams above, from bytes in memory.
    // It is the ceiling of the follower benchmark; the ratio of the two is the follower's
    // overhead (HTTP, multipart splitting, copies, sequence tracking, event delivery).
    Benchmark("Ceiling: parsing the same documents in memory (observations/s)") { benchmark in
        let (simulator, target) = try await filledSimulator()
        var documents: [[UInt8]] = []
        var from: UInt64 = 1
        while from <= target {
            documents.append(Array(simulator.sampleDocument(from: from, count: observationsPerDocument).utf8))
            from += UInt64(observationsPerDocument)
        }
        try await simulator.shutdown()
        let parser = MTConnectParser()

        benchmark.startMeasurement()
        let start = ContinuousClock.now
        var parsed = 0
        for document in documents {
            if case .streams(let streams) = try parser.parse(document) {
                parsed += streams.observations.count
            }
        }
        benchmark.stopMeasurement()
        benchmark.measurement(observationsPerSecond, rate(parsed, since: start))
        blackHole(parsed)
    }
}

import Benchmark
@_spi(Benchmarks) import MTConnectModel

/// A generated `/sample` response of a busy shop: 12 machines × 13 000 observations of every
/// shape (numeric samples, events, conditions, time series, data sets, tables). Built once,
/// when the first benchmark sets up (a global `let` is initialised once, on first use).
let document: [UInt8] = SampleDocument.make(machines: 12, observationsPerMachine: 13_000)

let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    let setup: Benchmark.BenchmarkSetupHook = {
        blackHole(document.count)
    }
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident, megabytesPerSecond],
        timeUnits: .milliseconds, warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 10, setup: setup)

    Benchmark("Floor: bare xmlTextReader loop touching every name, attribute and text (≥ 20 MB, 156k observations)",
              configuration: configuration) { benchmark in
        let start = ContinuousClock.now
        blackHole(XMLReaderBaseline.touchEverything(document))
        benchmark.measurement(megabytesPerSecond, rate(since: start))
    }

    Benchmark("Streaming: forEachObservation into typed observations (goal ≥ 50% of the floor's MB/s)",
              configuration: configuration) { benchmark in
        let start = ContinuousClock.now
        var count = 0
        try MTConnectParser().forEachObservation(in: document) { observation in
            count &+= Int(truncatingIfNeeded: observation.sequence)
        }
        blackHole(count)
        benchmark.measurement(megabytesPerSecond, rate(since: start))
    }

    Benchmark("Tree: parseStreams into a StreamsDocument (goal ≥ 50% of the floor's MB/s)",
              configuration: configuration) { benchmark in
        let start = ContinuousClock.now
        blackHole(try MTConnectParser().parseStreams(document))
        benchmark.measurement(megabytesPerSecond, rate(since: start))
    }
}

func rate(since start: ContinuousClock.Instant) -> Int {
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Int(Double(document.count) / 1_000_000 / seconds)
}

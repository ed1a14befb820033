import Benchmark
import MTConnectModel

let benchmarks: @Sendable () -> Void = {
    Benchmark("timestamp parsing") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(MTConnectTimestamp(iso8601: "2022-04-21T03:21:32.630619Z"))
        }
    }
}

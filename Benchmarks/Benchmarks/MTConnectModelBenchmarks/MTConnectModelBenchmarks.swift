import Benchmark
import MTConnectModel

let benchmarks: @Sendable () -> Void = {
    Benchmark("libxml2 version lookup") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(libXML2Version)
        }
    }
}

import Benchmark
import Foundation
@_spi(Fuzzing) import ReferenceServer

/// A `POST /internal/machines/{id}/data` body as the load test sends it: 100 samples of four
/// data items (spindle speed and load, two axis positions), microsecond timestamps.
let batchOf100: [UInt8] = {
    let items = [("S1speed", "ROTARY_VELOCITY"), ("S1load", "LOAD"), ("Xact", "POSITION"), ("Zact", "POSITION")]
    let observations = (0..<100).map { index in
        let (id, type) = items[index % items.count]
        let micros = String(format: "%06d", index * 1000 + 123)
        return #"{"dataItemId":"\#(id)","timestamp":"2026-01-31T12:00:00.\#(micros)Z","category":"SAMPLE","type":"\#(type)","value":\#(Double(index * 7 % 5000) / 10)}"#
    }
    return Array(#"{"observations":[\#(observations.joined(separator: ","))]}"#.utf8)
}()

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal],
        warmupIterations: 20,
        maxDuration: .seconds(5),
        maxIterations: 5_000
    )

    // What the server runs for every ingest batch before it reaches the store: the body read
    // into observations and checked (schema and handler rules). The generated types are the
    // reference the hand-written decoder replaced; both answer the same (IngestBatchDecoderTests).
    Benchmark(
        "Ingest body, 100 samples: hand-written decoder (the server's path)",
        configuration: configuration
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let outcome = await RequestBodyDecoding.ingestBatch(batchOf100)
            precondition(outcome == .accepted(items: 100), "\(outcome)")
        }
    }

    Benchmark(
        "Ingest body, 100 samples: generated types + JSONDecoder (the reference)",
        configuration: configuration
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let outcome = await RequestBodyDecoding.ingestBatchThroughGeneratedTypes(batchOf100)
            precondition(outcome == .accepted(items: 100), "\(outcome)")
        }
    }
}

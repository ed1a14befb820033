import Benchmark
import Foundation
import MongoKit

/// An outbox event as the Mongo store writes it: 13 fields, a 256-byte payload, two headers.
struct SampleEvent: Codable {
    var _id: String
    var partitionKey: String
    var type: String
    var source: String
    var subject: String?
    var time: Date
    var dataContentType: String
    var schemaVersion: Int
    var payload: Data
    var headers: [[String: String]]
    var attempts: Int
    var nextAttemptAt: Date
    var status: String
}

let sample = SampleEvent(
    _id: "01J9Z8Y7X6W5V4T3S2R1Q0P9N8",
    partitionKey: "machine-17",
    type: "machine.state.changed",
    source: "/plants/plant-1",
    subject: "spindle",
    time: Date(timeIntervalSince1970: 1_800_000_000.123),
    dataContentType: "application/json",
    schemaVersion: 1,
    payload: Data(repeating: 0x41, count: 256),
    headers: [["name": "traceparent", "value": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"], ["name": "tenant", "value": "plant-1"]],
    attempts: 0,
    nextAttemptAt: Date(timeIntervalSince1970: 0),
    status: "pending"
)

let batch = 1000

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(3))

    let document = try! BSONEncoder().encode(sample)
    let bytes = try! document.bytes()
    let json = try! JSONEncoder().encode(sample)

    // Measures: BSONDocument → libbson bytes (bson_append_* per field), 1000 events per
    // iteration. Floor: JSONEncoder on the same value below; goal ≤ its time.
    Benchmark("BSON document to libbson bytes (x1000)") { benchmark in
        for _ in benchmark.scaledIterations {
            for _ in 0..<batch { blackHole(try document.bytes()) }
        }
    }

    // Measures: validating and reading libbson bytes into a BSONDocument, 1000 per
    // iteration. Floor: JSONDecoder on the same event's JSON below; goal ≤ its time.
    Benchmark("libbson bytes to BSON document (x1000)") { benchmark in
        for _ in benchmark.scaledIterations {
            for _ in 0..<batch { blackHole(try BSONDocument(bytes: bytes)) }
        }
    }

    // Measures: the full Codable path (BSONEncoder + libbson bytes) for 1000 events.
    Benchmark("BSONEncoder Codable event to bytes (x1000)") { benchmark in
        let encoder = BSONEncoder()
        for _ in benchmark.scaledIterations {
            for _ in 0..<batch { blackHole(try encoder.encode(sample).bytes()) }
        }
    }

    // Measures: the full Codable path back (libbson bytes + BSONDecoder) for 1000 events.
    Benchmark("BSONDecoder bytes to Codable event (x1000)") { benchmark in
        let decoder = BSONDecoder()
        for _ in benchmark.scaledIterations {
            for _ in 0..<batch { blackHole(try decoder.decode(SampleEvent.self, from: BSONDocument(bytes: bytes))) }
        }
    }

    // The floor: Foundation's JSONEncoder on the same value, 1000 per iteration.
    Benchmark("floor: JSONEncoder Codable event (x1000)") { benchmark in
        let encoder = JSONEncoder()
        for _ in benchmark.scaledIterations {
            for _ in 0..<batch { blackHole(try encoder.encode(sample)) }
        }
    }

    // The floor: Foundation's JSONDecoder on the same event, 1000 per iteration.
    Benchmark("floor: JSONDecoder Codable event (x1000)") { benchmark in
        let decoder = JSONDecoder()
        for _ in benchmark.scaledIterations {
            for _ in 0..<batch { blackHole(try decoder.decode(SampleEvent.self, from: json)) }
        }
    }
}

import Benchmark
import Foundation
import IdempotencyKit
import Logging
import Synchronization

/// The gates under measurement, created in each benchmark's setup and shared with its closure.
final class Fixture: Sendable {
    static let shared = Fixture()

    let memory = IdempotencyGate(store: InMemoryIdempotencyStore(), logger: Fixture.logger)
    let sqlite = Mutex<IdempotencyGate<SQLiteIdempotencyStore>?>(nil)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("idempotency-bench-\(UUID().uuidString)")
    let sequence = Atomic<Int>(0)

    static let logger = Logger(label: "idempotency-bench", factory: { _ in SwiftLogNoOpLogHandler() })
    static let scope = IdempotencyScope(principal: "api-key-1", route: "POST /api/ext/event")
    static let fingerprint = RequestFingerprint(
        method: "POST",
        path: "/api/ext/event",
        body: Array(#"{"machineId":"17","type":"cycle","payload":{"seconds":42.5,"part":"A-100"}}"#.utf8)
    )
    static let response = IdempotentResponse(
        status: 201,
        headers: [.init(name: "Content-Type", value: "application/json")],
        body: Array(#"{"id":"01JD3Q4Z8V6K2M7N5P0R9S1T3W","status":"accepted"}"#.utf8)
    )
    static let replayKey = "replayed-key"

    func nextKey() -> String {
        "key-\(sequence.wrappingAdd(1, ordering: .relaxed).newValue)"
    }

    func openSQLite() async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try await SQLiteIdempotencyStore.open(path: directory.appendingPathComponent("bench.sqlite").path, logger: Self.logger)
        let gate = IdempotencyGate(store: store, logger: Self.logger)
        sqlite.withLock { $0 = gate }
        try await Self.prime(gate)
    }

    func closeSQLite() async throws {
        let gate = sqlite.withLock { gate in
            defer { gate = nil }
            return gate
        }
        try await gate?.store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    static func prime<Store>(_ gate: IdempotencyGate<Store>) async throws {
        let outcome = await gate.execute(scope: scope, key: replayKey, fingerprint: fingerprint) { _ in response }
        guard case .executed = outcome else { throw BenchmarkFailure(outcome: "\(outcome)") }
    }

    static func claimAndComplete<Store>(_ gate: IdempotencyGate<Store>, key: String) async throws {
        let outcome = await gate.execute(scope: scope, key: key, fingerprint: fingerprint) { _ in response }
        guard case .executed = outcome else { throw BenchmarkFailure(outcome: "\(outcome)") }
    }

    static func replay<Store>(_ gate: IdempotencyGate<Store>) async throws {
        let outcome = await gate.execute(scope: scope, key: replayKey, fingerprint: fingerprint) { _ in response }
        guard case .replayed(let stored) = outcome else { throw BenchmarkFailure(outcome: "\(outcome)") }
        blackHole(stored)
    }
}

struct BenchmarkFailure: Error {
    let outcome: String
}

let benchmarks: @Sendable () -> Void = {
    let fixture = Fixture.shared
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 100,
        maxDuration: .seconds(5),
        maxIterations: 20_000
    )

    Benchmark(
        "Memory claim+complete (new key per op, gate + store; floor 20k ops/s at p50 on 2 shared cores)",
        configuration: configuration
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            try await Fixture.claimAndComplete(fixture.memory, key: fixture.nextKey())
        }
    }

    Benchmark(
        "Memory replay (stored response, gate + store; floor 20k ops/s at p50 on 2 shared cores)",
        configuration: configuration,
        closure: { benchmark in
            for _ in benchmark.scaledIterations {
                try await Fixture.replay(fixture.memory)
            }
        },
        setup: { try await Fixture.prime(fixture.memory) }
    )

    Benchmark(
        "SQLite claim+complete (WAL file, upsert + update per op; floor 2k ops/s at p50)",
        configuration: configuration,
        closure: { benchmark in
            guard let gate = fixture.sqlite.withLock({ $0 }) else { throw BenchmarkFailure(outcome: "no SQLite store") }
            for _ in benchmark.scaledIterations {
                try await Fixture.claimAndComplete(gate, key: fixture.nextKey())
            }
        },
        setup: { try await fixture.openSQLite() },
        teardown: { try await fixture.closeSQLite() }
    )

    Benchmark(
        "SQLite replay (WAL file, upsert + select per op; floor 5k ops/s at p50)",
        configuration: configuration,
        closure: { benchmark in
            guard let gate = fixture.sqlite.withLock({ $0 }) else { throw BenchmarkFailure(outcome: "no SQLite store") }
            for _ in benchmark.scaledIterations {
                try await Fixture.replay(gate)
            }
        },
        setup: { try await fixture.openSQLite() },
        teardown: { try await fixture.closeSQLite() }
    )
}
